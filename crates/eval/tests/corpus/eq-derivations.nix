let
  d1 = { type = "derivation"; outPath = "/nix/store/a"; x = 1; };
  d2 = { type = "derivation"; outPath = "/nix/store/a"; x = 2; };
  d3 = { type = "derivation"; outPath = "/nix/store/b"; x = 1; };
in [ (d1 == d2) (d1 == d3) (builtins.elem d2 [ d1 ]) ]
