let m = map (x: x + 1); in [ (m [ 1 2 ]) (builtins.add 1 2) ((builtins.add 1) 2) ]
