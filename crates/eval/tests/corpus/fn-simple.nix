let f = x: x * 2; g = x: y: x - y; in [ (f 4) (g 10 3) ((g 10) 4) ]
