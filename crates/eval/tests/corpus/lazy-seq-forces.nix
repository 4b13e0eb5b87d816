builtins.seq (throw "outer forced") "ok"
