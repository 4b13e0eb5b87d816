let d = derivation { name = "ctx"; system = "x86_64-linux"; builder = "/bin/sh"; }; in builtins.hasContext (builtins.unsafeDiscardStringContext "${d}")
