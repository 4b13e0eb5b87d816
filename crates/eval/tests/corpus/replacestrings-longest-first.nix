[ (builtins.replaceStrings [ "a" "aa" ] [ "1" "2" ] "aaa") (builtins.replaceStrings [ "aa" "a" ] [ "2" "1" ] "aaa") (builtins.replaceStrings [ "" "a" ] [ "_" "A" ] "ab") ]
