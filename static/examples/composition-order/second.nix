# Applied second (higher in the stack), so its `c` wins.
# `prev.c` is what the layers below said: 3 from first.nix.
# Swap the two overlays to see c = 3, b = 3 and x = 5 (no c below yet).
final: prev: {
  c = 10;
  x = prev.c or 5;
}
