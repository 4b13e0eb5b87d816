let s = { p = 1; q = 2; }; in let inherit (s) p q; in p * 10 + q
