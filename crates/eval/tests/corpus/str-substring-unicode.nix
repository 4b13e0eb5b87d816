[ (builtins.stringLength (builtins.substring 0 1 "é")) (builtins.substring 0 2 "é!") ]
