# Right: `prev.a` is the `a` from the layers below (1), so a becomes 2
# and b, which reads the *final* a, becomes 20.
final: prev: {
  a = prev.a + 1;
}
