builtins.split "a*" "baaac"
