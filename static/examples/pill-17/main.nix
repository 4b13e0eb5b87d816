# Nix Pill 17 end to end: config.packageOverrides and .override.
#
# graphviz is built without X. Through the fixed point, every package that
# takes graphviz as an argument (asciidocFull) is rebuilt with the new one;
# asciidoc does not use graphviz and keeps its store path.
#
# The Set tab compares this set with plain `import <nixpkgs> { }`:
# graphviz and asciidocFull are marked "rebuild", asciidoc is not.
import <nixpkgs> {
  config = import ./config.nix;
}
