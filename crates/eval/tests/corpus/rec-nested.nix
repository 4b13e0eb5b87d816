rec { a = { x = b; }; b = 2; c = a.x; }
