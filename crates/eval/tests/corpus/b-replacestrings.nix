[
  (builtins.replaceStrings [ "a" ] [ "b" ] "banana")
  (builtins.replaceStrings [ "an" "a" ] [ "AN" "A" ] "banana")
  (builtins.replaceStrings [ "" ] [ "-" ] "abc")
  (builtins.replaceStrings [ "x" ] [ "y" ] "")
  (builtins.replaceStrings [ "ab" "b" ] [ "" "B" ] "abbab")
  (builtins.replaceStrings [ "oo" ] [ "o" ] "foooo")
  (builtins.replaceStrings [ ] [ ] "same")
]
