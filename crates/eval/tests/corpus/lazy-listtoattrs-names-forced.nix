builtins.listToAttrs [ { name = throw "name forced"; value = 1; } ]
