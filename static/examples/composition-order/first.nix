# Applied first (lower in the stack).
# `b` reads the *final* c: whatever the last overlay says.
final: prev: {
  b = final.c;
  c = 3;
}
