(builtins.tryEval [ (throw "inside list") ]).success
