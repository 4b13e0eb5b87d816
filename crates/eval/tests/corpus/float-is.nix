[ (builtins.isFloat 1.0) (builtins.isFloat 1) (builtins.isInt 1) (builtins.isInt 1.0) ]
