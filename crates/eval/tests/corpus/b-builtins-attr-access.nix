[ (builtins ? map) (builtins ? nonexistent) (builtins.typeOf builtins) ]
