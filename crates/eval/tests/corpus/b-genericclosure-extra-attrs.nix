builtins.genericClosure { startSet = [ { key = [ 1 ]; v = "x"; } { key = [ 1 ]; v = "dup"; } ]; operator = x: [ ]; }
