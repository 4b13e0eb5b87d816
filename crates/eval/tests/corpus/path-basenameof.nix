[ (builtins.baseNameOf /a/b/c) (builtins.baseNameOf "a/b/") (builtins.baseNameOf "") (builtins.baseNameOf "/") (builtins.baseNameOf "abc") ]
