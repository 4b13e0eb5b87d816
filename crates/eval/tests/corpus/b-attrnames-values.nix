let s = { b = 2; a = 1; "B" = 3; _c = 4; }; in [ (builtins.attrNames s) (builtins.attrValues s) ]
