map (p: builtins.compareVersions (builtins.head p) (builtins.elemAt p 1)) [
  [ "1.2" "1.2pre" ] [ "01" "1" ] [ "1.01" "1.1" ] [ "2.0pre1" "2.0pre10" ] [ "1.0.0" "1.0" ]
  [ "1.2.3a" "1.2.3b" ] [ "foo" "1" ] [ "1" "foo" ] [ "pre" "1" ] [ "1.0" "1.0" ]
]
