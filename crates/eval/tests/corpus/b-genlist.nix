[ (builtins.genList (x: x * 2) 5) (builtins.genList (x: x) 0) ]
