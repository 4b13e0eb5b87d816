let s = { a = { b = 1; }; c = null; }; in [ (s ? a) (s ? z) (s ? a.b) (s ? a.z) (s ? c.d) (s ? "a") (s ? ${"c"}) ]
