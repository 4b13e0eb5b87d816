map builtins.fromJSON [ "1" "\"s\"" "null" "true" "[]" "{}" "-0" "1.0" "12345678901" ]
