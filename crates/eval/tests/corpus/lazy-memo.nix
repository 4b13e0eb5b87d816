let
  counted = builtins.trace "evaluated once" 21;
  x = counted * 2;
in [ x x counted ]
