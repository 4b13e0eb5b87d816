[ builtins.null builtins.true builtins.false (builtins.builtins ? map) ]
