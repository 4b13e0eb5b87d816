let s = builtins.appendContext "foo" { "/nix/store/fhjx5gvhqz2c0rv1g8ncq9pcpvdssq61-x.drv" = { outputs = [ "out" ]; }; }; in builtins.getContext s
