builtins.warn "a warning" 7
