(import ./data/fn.nix) { a = 2; }
