let
  a = derivation { name = "a"; system = "x86_64-linux"; builder = "/bin/sh"; };
  b = derivation { name = "b"; system = "x86_64-linux"; builder = "/bin/sh"; dep = a; src = ./data/hello.txt; list = [ 1 true null "s" ]; };
in [ b.drvPath b.outPath ]
