(derivation { name = "ph"; system = "x86_64-linux"; builder = "/bin/sh"; cmd = "echo ${builtins.placeholder "out"}"; }).drvPath
