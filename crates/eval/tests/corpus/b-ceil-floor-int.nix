[ (builtins.ceil 5) (builtins.floor (-5)) (builtins.ceil 1.0e-9) (builtins.floor (0.0 - 1.0e-9)) ]
