with { a = 1; }; { inherit a; b = a + 1; }
