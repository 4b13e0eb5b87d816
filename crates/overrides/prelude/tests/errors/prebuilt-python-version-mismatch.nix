# nixpkgsPrebuilt refuses a nixpkgs package built for another Python version.
let
  pkgs = import <nixpkgs> { };
  hacks = pkgs.callPackage pyproject-nix.build.hacks { };
  python311 = pkgs.python3.overrideAttrs (old: { passthru = old.passthru // { pythonVersion = "3.11"; }; });
  base = pkgs.callPackage pyproject-nix.build.packages { python = python311; };
  set = base.overrideScope (lib.composeExtensions uvOverlay (final: prev: {
    torch = hacks.nixpkgsPrebuilt { from = pkgs.python3Packages.torchWithoutCuda; prev = prev.torch; };
  }));
in set.torch.name
