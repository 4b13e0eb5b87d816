builtins.toJSON { list = [ [ ] [ { } ] [ [ 1 ] ] ]; str = "a/b ünï"; neg = -0; big = 9223372036854775807; }
