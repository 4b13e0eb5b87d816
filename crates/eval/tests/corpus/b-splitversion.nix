[ (builtins.splitVersion "1.2.3") (builtins.splitVersion "1.2.3pre4") (builtins.splitVersion "2.0-rc1") (builtins.splitVersion "") (builtins.splitVersion "a.b..c") (builtins.splitVersion "1_2-3") ]
