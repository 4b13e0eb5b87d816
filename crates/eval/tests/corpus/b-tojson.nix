builtins.toJSON { a = 1; b = [ true false null ]; c = "s\"q\n\t\\/é"; d = 1.5; e = { }; f = [ ]; g = -3; }
