let h = import ../lib.nix; in { value = h.z.q + 1; }
