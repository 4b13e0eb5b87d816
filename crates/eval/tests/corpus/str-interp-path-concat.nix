builtins.typeOf ("x" + ./data)
