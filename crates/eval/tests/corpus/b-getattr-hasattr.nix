let s = { a = 1; }; in [ (builtins.getAttr "a" s) (builtins.hasAttr "a" s) (builtins.hasAttr "b" s) ]
