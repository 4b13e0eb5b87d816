# Python's packageOverrides: the Python package set is a fixed point of
# its own, extended with pyfinal: pyprev: overlays.
let
  pkgs = import <nixpkgs> { };

  # Pretend urllib3 9.9 is out.
  bumpUrllib3 = pyfinal: pyprev: {
    urllib3 = pyprev.urllib3.overrideAttrs (old: { version = "9.9"; });
  };

  # Without `self`, python.pkgs sees the change, but withPackages and
  # python.pkgs.python.pkgs go back to the interpreter that was never
  # overridden (nixpkgs issue #64334).
  noSelf = pkgs.python3.override { packageOverrides = bumpUrllib3; };

  # With `self = python` the interpreter knows it is the overridden one:
  # a fixed point by hand, through a recursive let.
  withSelf =
    let python = pkgs.python3.override { self = python; packageOverrides = bumpUrllib3; };
    in python;

  version = ps: ps.urllib3.version;
in
{
  noSelf_pkgs = version noSelf.pkgs;                                    # "9.9"
  noSelf_requestsDep =
    (builtins.head noSelf.pkgs.requests.propagatedBuildInputs).version; # "9.9"
  noSelf_env = version (noSelf.withPackages (ps: [ ps.urllib3 ])).pkgs; # "2.2.0"
  withSelf_env = version (withSelf.withPackages (ps: [ ps.urllib3 ])).pkgs; # "9.9"
  # The interpreter itself is not rebuilt.
  interpreterUnchanged = noSelf.outPath == pkgs.python3.outPath;        # true
}
