[ (builtins.match "(a)?(b)?(c)?" "ac") (builtins.match "((a)b)*" "abab") (builtins.match "x*" "") ]
