("${builtins.toFile "a" "x"}" == builtins.toFile "a" "x")
