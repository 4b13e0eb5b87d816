let
  prev = { enable = true; };
  final = prev // (if prev.enable then { a = 1; } else { });
in final
