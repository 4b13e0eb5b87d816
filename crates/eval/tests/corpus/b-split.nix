[
  (builtins.split "(a)b" "xabyabz")
  (builtins.split "," "a,b,,c")
  (builtins.split "x" "abc")
  (builtins.split "(x)?" "ab")
  (builtins.split "([[:space:]]+)" " a  b ")
  (builtins.split "" "")
]
