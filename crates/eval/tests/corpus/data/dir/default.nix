{ fromDefault = true; sibling = import ./nested.nix; }
