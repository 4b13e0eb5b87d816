builtins.findFile [ { prefix = "foo"; path = toString ./data; } ] "foo/hello.txt"
