[ (builtins.bitAnd (-8) 7) (builtins.bitOr (-8) 1) (builtins.bitXor (-1) (-1)) (builtins.div (-7) 2) (builtins.div 7 (-2)) ]
