let xs = [ (builtins.head xs) ]; in xs
