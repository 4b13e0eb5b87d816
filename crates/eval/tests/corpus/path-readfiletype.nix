[ (builtins.readFileType ./data/hello.txt) (builtins.readFileType ./data/dir) ]
