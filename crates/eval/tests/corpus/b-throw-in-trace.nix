builtins.trace (throw "in message") 1
