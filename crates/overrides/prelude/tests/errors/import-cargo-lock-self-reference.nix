# S23's variant: `prev = final.cryptography` inside cryptography's own definition.
let
  pkgs = import <nixpkgs> { };
  hacks = pkgs.callPackage pyproject-nix.build.hacks { };
  base = pkgs.callPackage pyproject-nix.build.packages { python = pkgs.python3; };
  fix = final: prev: {
    cryptography = hacks.importCargoLock { prev = final.cryptography; cargoRoot = "src/rust"; };
  };
in (base.overrideScope (lib.composeExtensions uvOverlay fix)).cryptography.cargoRoot
