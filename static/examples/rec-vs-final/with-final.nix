# `final` is late-bound: msgFinal follows whatever the last overlay says.
final: prev: {
  msgFinal = "${final.greeting} ${final.name}";
}
