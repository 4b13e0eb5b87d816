let d = { outPath = builtins.toFile "o" "x"; }; s = { __toString = self: "${d}/sub"; }; in [ "${s}" (builtins.hasContext "${s}") ]
