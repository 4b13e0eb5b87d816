map builtins.parseDrvName [ "hello-1.0" "firefox-unwrapped-99.0b1" "nix" "foo-bar-baz" "python3.11-requests-2.31.0" "a-1-2" "x-" ]
