[ (1 + 1.5) (2 * 0.5) (3 / 2.0) (3.0 / 2) (1.5 - 1) (builtins.typeOf (1 + 1.0)) (builtins.typeOf (2 * 1)) ]
