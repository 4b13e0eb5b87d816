builtins.hasContext (builtins.concatStringsSep "," [ "a" (builtins.toFile "f" "c") ])
