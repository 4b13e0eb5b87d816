builtins.seq (x: x) (builtins.seq builtins.map "ok")
