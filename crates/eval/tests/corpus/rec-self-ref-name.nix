rec { f = x: if x == 0 then "done" else f (x - 1); r = f 5; }
