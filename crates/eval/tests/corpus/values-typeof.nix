map builtins.typeOf [ 1 1.5 "s" ./x true null [ ] { } (x: x) builtins.map (builtins.map (x: x)) ]
