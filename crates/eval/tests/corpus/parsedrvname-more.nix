map builtins.parseDrvName [ "foo-1.2-bar" "foo-bar-1" "-1.0" "foo-1a" "foo--1" "gtk+-3.24" ]
