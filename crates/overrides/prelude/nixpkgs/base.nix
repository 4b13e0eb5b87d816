# The base layer of the mini nixpkgs (layers 1–7 of the real stage merged):
# the set's plumbing (pkgs, lib, stdenv, callPackage over the *final* set,
# extend/appendOverlays) and the packages.
{
  lib,
  config,
  reimport,
}:
final: _prev:
let
  inherit (final) callPackage;
  pill17 = import ./pkgs/pill17.nix;
  native = import ./pkgs/native.nix;
  rust = import ./pkgs/rust.nix;
  trivialBuilders = import ./build-support/trivial-builders.nix {
    inherit lib;
    inherit (final) stdenv;
  };
in
{
  inherit lib config;

  # Natively, every platform-shifted view is the set itself.
  pkgs = final;
  buildPackages = final;
  targetPackages = final;
  pkgsBuildBuild = final;
  pkgsBuildHost = final;
  pkgsHostHost = final;
  pkgsHostTarget = final;
  pkgsBuildTarget = final;
  pkgsTargetTarget = final;
  __splicedPackages = final;

  stdenv = import ./stdenv { inherit lib; };
  stdenvNoCC = final.stdenv;

  # callPackage fills a function's declared arguments from the final set.
  newScope = extra: lib.callPackageWith (final // extra);
  callPackage = final.newScope { };
  callPackages = lib.callPackagesWith final;
  makeScopeWithSplicing' = lib.makeScopeWithSplicing';

  # Each call re-evaluates nixpkgs from scratch with the original arguments.
  appendOverlays = extraOverlays: if extraOverlays == [ ] then final else reimport extraOverlays;
  extend = overlay: final.appendOverlays [ overlay ];

  inherit (trivialBuilders)
    runCommand
    runCommandLocal
    writeText
    writeShellScript
    makeSetupHook
    replaceVars
    ;

  xlibs = callPackage pill17.xlibs { };
  graphviz = callPackage pill17.graphviz { };
  asciidoc = callPackage pill17.asciidoc { };
  asciidocFull = callPackage pill17.asciidocFull { };

  zlib = callPackage ./pkgs/zlib.nix { };
  openssl = callPackage native.openssl { };
  pkg-config = callPackage native.pkg-config { };
  autoPatchelfHook = callPackage native.autoPatchelfHook { };

  cargo = callPackage rust.cargo { };
  rustc = callPackage rust.rustc { };
  rustPlatform = callPackage rust.rustPlatform { };

  # Extensions applied to every Python package set (SEMANTICS §3.9).
  pythonPackagesExtensions = [ ];
  python312 = callPackage ./python/cpython.nix { self = final.python312; };
  python3 = final.python312;
  python = final.python3;
  python312Packages = final.python312.pkgs;
  python3Packages = final.python3.pkgs;
}
