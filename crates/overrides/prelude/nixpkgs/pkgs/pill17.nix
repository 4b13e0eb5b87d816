# The packages of Nix Pill 17: xlibs → graphviz → asciidocFull, and
# asciidoc, which takes no graphviz. Each is a function for callPackage.
{
  xlibs =
    { stdenv }:
    stdenv.mkDerivation {
      pname = "xlibs";
      version = "7.7";
    };

  # The Pill's historical argument: `xlibs`, not today's `withXorg`.
  graphviz =
    { stdenv, xlibs }:
    stdenv.mkDerivation {
      pname = "graphviz";
      version = "2.49.3";
      buildInputs = if xlibs != null then [ xlibs ] else [ ];
      configureFlags = if xlibs == null then [ "--without-x" ] else [ "--with-x" ];
    };

  asciidoc =
    { stdenv, python }:
    stdenv.mkDerivation {
      pname = "asciidoc";
      version = "10.2.0";
      buildInputs = [ python ];
    };

  asciidocFull =
    {
      stdenv,
      python,
      graphviz,
    }:
    stdenv.mkDerivation {
      pname = "asciidoc-full";
      version = "10.2.0";
      buildInputs = [
        python
        graphviz
      ];
    };
}
