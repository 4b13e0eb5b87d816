builtins.match "(.*" "x"
