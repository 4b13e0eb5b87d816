{ f = x: x; g = { a }: a; h = builtins.map; p = builtins.map (x: x); }
