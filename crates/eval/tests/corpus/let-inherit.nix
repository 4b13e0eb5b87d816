let a = 1; b = 2; in let inherit a b; c = a + b; in c
