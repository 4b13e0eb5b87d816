map (e: (builtins.tryEval e).success) [ 1 (throw "x") (assert false; 1) ]
