builtins.getAttr "foo" { bar = 1; }
