let x = 1; y = "s"; in { inherit x y; z = 3; }
