# S24's variant: only urllib3 converted; its socks extra names pysocks, absent from nixpkgs.
let
  pkgs = import <nixpkgs> { };
  hacks = pkgs.callPackage pyproject-nix.build.hacks { };
  pythonSet = (pkgs.callPackage pyproject-nix.build.packages { python = pkgs.python3; }).overrideScope uvOverlay;
  python = pkgs.python3.override { self = python; packageOverrides = hacks.toNixpkgs { inherit pythonSet; packages = [ "urllib3" ]; }; };
in map (d: d.pname) python.pkgs.urllib3.optional-dependencies.socks
