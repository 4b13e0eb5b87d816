builtins.genericClosure { startSet = [ { key = 3; } ]; operator = x: if x.key > 0 then [ { key = x.key - 1; } { key = x.key - 1; } { key = 3; } ] else [ ]; }
