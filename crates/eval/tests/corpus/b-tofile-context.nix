let f = builtins.toFile "a" "x"; in builtins.toFile "b" "ref ${f}"
