let d = { outPath = "/nix/store/abc-foo"; }; in [ "${d}" "${d}/bin" ]
