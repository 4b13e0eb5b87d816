{ x = 1; y = [ "a" ./hello.txt ]; z = rec { p = 2; q = p * 2; }; }
