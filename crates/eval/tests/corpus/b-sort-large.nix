let xs = builtins.genList (i: (i * 7919) - (i / 13) * 13 * 7919 + (i * 31)) 60; in builtins.sort builtins.lessThan xs
