let pkgs = import <nixpkgs> { }; in
(pkgs.stdenv.mkDerivation { pname = "p"; version = "1"; meta.broken = true; }).outPath
