{ ${null} = 1; a = 2; ${if false then "b" else null} = 3; }
