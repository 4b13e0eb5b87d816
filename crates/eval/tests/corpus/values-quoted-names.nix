{ "foo-bar" = 1; "with space" = 2; "x.y" = 3; "if" = 4; "-" = 5; "é" = 6; }
