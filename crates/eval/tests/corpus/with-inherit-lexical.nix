let x = 1; in with { x = 2; y = 3; }; { inherit x y; }
