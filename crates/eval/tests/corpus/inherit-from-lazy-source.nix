let s = throw "source"; r = { inherit (s) a; }; in builtins.attrNames r
