[ (builtins.length [ 1 2 3 ]) (builtins.head [ "h" "t" ]) (builtins.tail [ 1 2 3 ]) (builtins.tail [ 1 ]) ]
