[ (builtins.mul 2.5 2) (builtins.div 1 4.0) (builtins.sub 1.5 0.5) (builtins.add 0.1 0.2) ]
