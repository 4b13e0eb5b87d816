# S24's variant: the documented example binds `python` twice in one let.
let
  pkgs = import <nixpkgs> { };
  python = pkgs.python3;
  python = pkgs.python3.override { };
in python.pythonVersion
