builtins.toJSON { p = ./data/hello.txt; d = { outPath = "/nix/store/x"; other = 1; }; t = { __toString = s: "ts"; }; }
