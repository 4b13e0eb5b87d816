builtins.path { path = ./data/dir; name = "mydir"; }
