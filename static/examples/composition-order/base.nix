# The base: only `a`.
final: {
  a = 1;
}
