[ (builtins.toPath "/a/b") (builtins.typeOf (builtins.toPath "/a")) (builtins.toPath "/a//b/") ]
