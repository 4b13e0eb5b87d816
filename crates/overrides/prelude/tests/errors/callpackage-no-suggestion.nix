let pkgs = import <nixpkgs> { }; in
(pkgs.callPackage ({ stdenv, qqqqqqqqqq }: stdenv.mkDerivation { name = "x"; }) { }).outPath
