builtins.scopedImport { x = 41; } ./data/uses-x.nix
