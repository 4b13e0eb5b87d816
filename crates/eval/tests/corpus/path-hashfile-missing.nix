builtins.hashFile "sha256" ./data/this-file-is-not-there
