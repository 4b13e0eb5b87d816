[ builtins.storeDir builtins.langVersion (builtins.isString builtins.currentSystem) ]
