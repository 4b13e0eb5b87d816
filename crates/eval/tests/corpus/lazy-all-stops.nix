builtins.all (x: x == 1) [ 2 (throw "after") ]
