builtins.any (x: x == 1) [ 1 (throw "after") ]
