[ (builtins.isList builtins.nixPath) (builtins.isString builtins.nixVersion) (builtins.isFunction builtins.storePath) ]
