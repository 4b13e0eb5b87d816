builtins.traceVerbose "not shown by default" 8
