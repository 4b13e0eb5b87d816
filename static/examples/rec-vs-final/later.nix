# A later overlay changes both inputs.
# msgFinal becomes "hi nix"; msgRec stays "hello world".
final: prev: {
  name = "nix";
  greeting = "hi";
}
