[ (builtins.dirOf /a/b/c) (builtins.dirOf /a) (builtins.dirOf /.) (builtins.dirOf "a/b") (builtins.dirOf "a") (builtins.dirOf "/a/b/") (builtins.dirOf "") ]
