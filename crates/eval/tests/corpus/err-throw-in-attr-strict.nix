{ ok = 1; bad = throw "bad attr"; }
