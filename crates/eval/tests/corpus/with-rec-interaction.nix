let b = 1; in with { a = 10; }; rec { c = a + b; d = c; }
