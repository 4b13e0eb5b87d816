builtins.foldl' (acc: x: x) 0 [ (throw "strict") 1 ]
