[ ([ 1 2 ] ++ [ 3 ]) ([ ] ++ [ ]) ([ [ 1 ] ] ++ [ [ 2 ] ]) (builtins.length ([ (throw "a") ] ++ [ (throw "b") ])) ]
