builtins.attrValues { z = "z"; a = "a"; m = "m"; "10" = "10"; "9" = "9"; }
