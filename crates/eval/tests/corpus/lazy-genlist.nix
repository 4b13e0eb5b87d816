builtins.length (builtins.genList (i: throw "el") 5)
