builtins.split "f(o*o" "foo"
