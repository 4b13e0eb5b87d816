[ (builtins.split "^a" "aaa") (builtins.split "a$" "aaa") (builtins.split "(b)|(c)" "abcd") (builtins.split "[[:digit:]]+" "a1b22c333") ]
