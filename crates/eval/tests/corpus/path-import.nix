import ./data/lib.nix
