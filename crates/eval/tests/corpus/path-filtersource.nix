builtins.filterSource (path: type: type != "directory") ./data/dir
