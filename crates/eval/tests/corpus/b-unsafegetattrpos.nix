[ (builtins.unsafeGetAttrPos "b" { a = 1;
  b = 2; }) (builtins.unsafeGetAttrPos "z" { a = 1; }) ]
