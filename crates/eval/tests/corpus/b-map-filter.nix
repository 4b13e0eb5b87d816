[ (map (x: x * x) [ 1 2 3 ]) (builtins.filter (x: x != 2) [ 1 2 3 2 ]) (map (x: x) [ ]) ]
