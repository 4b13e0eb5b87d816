# Same version, different interpreter derivation: a warning, not an error.
let
  pkgs = import <nixpkgs> { };
  hacks = pkgs.callPackage pyproject-nix.build.hacks { };
  otherPython = pkgs.python3.overrideAttrs { patched = true; };
  base = pkgs.callPackage pyproject-nix.build.packages { python = otherPython; };
  set = base.overrideScope (lib.composeExtensions uvOverlay (final: prev: {
    torch = hacks.nixpkgsPrebuilt { from = pkgs.python3Packages.torchWithoutCuda; prev = prev.torch; };
  }));
in set.torch.name
