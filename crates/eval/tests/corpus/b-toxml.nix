builtins.toXML { a = 1; b = [ "s" true null 1.5 ]; c = { d = ./data; }; }
