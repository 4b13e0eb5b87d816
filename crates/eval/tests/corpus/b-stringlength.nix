[ (builtins.stringLength "hello") (builtins.stringLength "") ]
