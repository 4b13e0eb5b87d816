let a = import ./data/lib.nix; b = import ./data/lib.nix; in a.z.q + b.z.q
