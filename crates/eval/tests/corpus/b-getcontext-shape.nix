let d = derivation { name = "ctx"; system = "x86_64-linux"; builder = "/bin/sh"; }; in builtins.getContext "${d.drvPath} ${d} ${builtins.toFile "f" "c"}"
