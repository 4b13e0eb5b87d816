# hacks.toNixpkgs: the other direction. Take packages built from a lock
# file (the pyproject.nix set) and put them into nixpkgs' own Python set,
# so nixpkgs packages that depend on them (requests) use them.
let
  pkgs = import <nixpkgs> { };
  hacks = pkgs.callPackage pyproject-nix.build.hacks { };

  pythonSet = (pkgs.callPackage pyproject-nix.build.packages {
    python = pkgs.python3;
  }).overrideScope uvOverlay;

  # A pyfinal: pyprev: overlay for nixpkgs' Python set.
  overlay = hacks.toNixpkgs {
    inherit pythonSet;
    packages = [ "urllib3" "pysocks" ];
  };

  # `self = python` so every view of the interpreter sees the overlay
  # (see the Python packageOverrides example).
  python = pkgs.python3.override { self = python; packageOverrides = overlay; };
  urllib3 = python.pkgs.urllib3;
in
{
  fromGeneratedSet = urllib3.version == pythonSet.urllib3.version;  # true
  src = urllib3.src.name;
  socksExtra = map (d: d.pname) urllib3.optional-dependencies.socks;
  requestsItself = python.pkgs.requests.version;                   # nixpkgs' own
  requestsUsesGenerated =
    (builtins.head python.pkgs.requests.propagatedBuildInputs).version;
}
