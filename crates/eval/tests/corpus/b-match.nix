[
  (builtins.match "a(b)c" "abc")
  (builtins.match "a(b)c" "xabc")
  (builtins.match "(.*)\\.nix" "default.nix")
  (builtins.match "([a-z]+)-([0-9.]+)" "hello-1.2.3")
  (builtins.match "a(x)?b" "ab")
  (builtins.match ".*" "")
  (builtins.match "[[:digit:]]+" "123")
  (builtins.match "[[:alpha:]]+" "abc1")
  (builtins.match "(a|b)*c" "ababc")
  (builtins.match "foo" "foobar")
]
