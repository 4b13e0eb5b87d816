builtins.toXML { type = "derivation"; outPath = "/nix/store/abc-x"; drvPath = "/nix/store/abc-x.drv"; name = "x"; other = 1; }
