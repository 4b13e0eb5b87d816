builtins.seq { a = throw "inner not forced"; } "ok"
