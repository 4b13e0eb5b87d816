builtins.fromJSON ''{ "a": [1, 2.5, "s", true, false, null], "b": { "c": {} }, "d": -7, "e": 1e3, "f": "\u00e9\n\"", "g": 0.5E-2 }''
