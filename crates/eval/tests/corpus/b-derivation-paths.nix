let d = derivation { name = "hello"; system = "x86_64-linux"; builder = "/bin/sh"; }; in [ d.drvPath d.outPath "${d}" d.type d.name ]
