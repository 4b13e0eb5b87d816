# Open this file as the entry (expression mode) to check the lesson as values.
let
  pkgs  = import <nixpkgs> { };
  pkgs' = import ./main.nix;
in
{
  graphvizChanged = pkgs.graphviz.outPath != pkgs'.graphviz.outPath;       # true
  fullChanged     = pkgs.asciidocFull.outPath != pkgs'.asciidocFull.outPath; # true
  plainChanged    = pkgs.asciidoc.outPath != pkgs'.asciidoc.outPath;       # false
  # The old set is untouched: its asciidocFull still uses the old graphviz.
  oldFullStillOldGraphviz = builtins.elem pkgs.graphviz pkgs.asciidocFull.buildInputs;
}
