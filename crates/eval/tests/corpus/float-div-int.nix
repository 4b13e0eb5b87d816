[ (builtins.div 7.0 2) (builtins.div 7 2.0) (7 / 2) (builtins.typeOf (builtins.div 6.0 2)) ]
