# `final.x.override` in the definition of x itself (SEMANTICS §2.11).
(import <nixpkgs> { overlays = [ (final: prev: { graphviz = final.graphviz.override { xlibs = null; }; }) ]; }).graphviz.outPath
