[ ([ 1 (throw "x") ] == [ 2 (throw "y") ]) ({ a = 1; } == { b = throw "z"; }) ]
