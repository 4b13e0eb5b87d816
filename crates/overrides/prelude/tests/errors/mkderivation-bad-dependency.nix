let pkgs = import <nixpkgs> { }; in
(pkgs.stdenv.mkDerivation { pname = "p"; version = "1"; buildInputs = [ pkgs.zlib 42 ]; }).drvPath
