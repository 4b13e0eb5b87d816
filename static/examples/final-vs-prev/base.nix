# A tiny base set: `b` is computed from the final `a`.
final: {
  a = 1;
  b = final.a * 10;
}
