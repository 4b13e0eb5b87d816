let pkgs = import <nixpkgs> { }; in
(pkgs.callPackages ({ stdenv }: stdenv.mkDerivation { name = "one"; }) { }).out
