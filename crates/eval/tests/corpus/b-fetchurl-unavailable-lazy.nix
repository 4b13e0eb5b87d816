let f = builtins.fetchurl; in builtins.isFunction f
