(import ./data/dir/nested.nix).value
