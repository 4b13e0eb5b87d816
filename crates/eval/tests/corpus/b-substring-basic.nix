[ (builtins.substring 1 3 "abcdef") (builtins.substring 0 0 "") (builtins.substring 3 100 "abc") ]
