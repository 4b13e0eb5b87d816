let p = ./data/hello.txt; in [ (builtins.baseNameOf p) (builtins.typeOf p) (builtins.isPath p) (builtins.isPath "/x") ]
