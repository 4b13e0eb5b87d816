# `rec` binds `name` to *this* set's value, and `prev.greeting` to the layer
# below. Both are frozen: later overlays cannot reach into msgRec.
final: prev: rec {
  name = "world";
  msgRec = "${prev.greeting} ${name}";
}
