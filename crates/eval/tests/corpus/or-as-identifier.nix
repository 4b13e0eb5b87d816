let or = x: x + 1; in map or [ 1 2 ]
