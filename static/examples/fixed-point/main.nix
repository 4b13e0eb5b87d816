# The fixed point from scratch (Nix Pill 17).
#
# A package set that refers to itself is a function from "the finished set"
# to the set. `fix` feeds the function its own result. Laziness is what
# makes this terminate: `c` asks for `self.a` only when `c` is needed.
let
  fix = f: let result = f result; in result;

  # Our tiny "package set": c depends on a and b.
  pkgs = self: { a = 3; b = 4; c = self.a + self.b; };

  # What we would like to change.
  overrides = { a = 1; b = 2; };
in
{
  # The plain fixed point: c = 3 + 4.
  fixed = fix pkgs;

  # Naive try 1: give the function a patched "self", but keep its result.
  # c sees the new a and b, yet a and b themselves stay 3 and 4.
  naive = let newpkgs = pkgs (newpkgs // overrides); in newpkgs;

  # Naive try 2: also patch the result. Now a and b are right, but c was
  # computed from the *unpatched* result and says 3.
  naivePlus = let newpkgs = pkgs (newpkgs // overrides); in newpkgs // overrides;

  # The real thing: put the overrides *inside* the fixed point with
  # lib.extends, so every reader sees them. c = 1 + 2.
  viaExtends = lib.fix (lib.extends (final: prev: overrides) pkgs);
}
