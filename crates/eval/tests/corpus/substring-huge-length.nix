[ (builtins.substring 2 9223372036854775807 "hello") (builtins.substring 0 1 "") ]
