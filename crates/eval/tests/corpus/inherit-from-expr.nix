{ inherit ({ a = 1; b = 2; c = throw "lazy"; }) a b; }
