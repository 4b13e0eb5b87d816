# The model stdenv: a derivation of its own (every package depends on it),
# `mkDerivation` with nixpkgs' override semantics, and the `overrides`
# hook through which the final stage brings bootstrap packages forward.
{ lib }:
let
  system = "x86_64-linux";
  shell = "/bin/sh";

  setupScript = builtins.toFile "setup.sh" ''
    # Model of stdenv's setup: phases are recorded, nothing is built.
    runPhase() { echo "phase $1"; }
  '';

  stdenvDrv = derivation {
    name = "stdenv-linux";
    inherit system;
    builder = shell;
    args = [
      "-c"
      "mkdir -p $out && cp ${setupScript} $out/setup"
    ];
  };

  stdenv = stdenvDrv // {
    inherit system shell;
    isLinux = true;
    isDarwin = false;
    hostPlatform = platform;
    buildPlatform = platform;
    targetPlatform = platform;
    mkDerivation = import ./make-derivation.nix { inherit lib stdenv; };
    # The final stage re-imposes packages from its bootstrap stage, after
    # every user overlay (SEMANTICS §3.5). Only zlib is modelled.
    overrides = _final: _prev: {
      zlib = bootstrapZlib;
    };
  };

  platform = {
    inherit system;
    config = "x86_64-unknown-linux-gnu";
    isLinux = true;
    isDarwin = false;
    isx86_64 = true;
    isAarch64 = false;
  };

  bootstrapZlib = lib.makeOverridable (import ../pkgs/zlib.nix) { inherit stdenv; };
in
stdenv
