# The playground's mini nixpkgs: `import <nixpkgs> { config ? {}, overlays ? [] }`.
#
# One stage of nixpkgs, fixed with `lib.fix` over this stack of extensions,
# bottom first (the real order; SEMANTICS §3.2):
#   1. the base layer (./base.nix): pkgs, lib, stdenv, callPackage, the packages;
#   2. configOverrides: `config.packageOverrides prev`;
#   3. the user's overlays, in list order;
#   4. stdenvOverrides: the packages the stdenv brings forward (zlib).
# The environment is never read: no ~/.config/nixpkgs, no <nixpkgs-overlays>.
{
  config ? { },
  overlays ? [ ],
  ...
}@args:
let
  lib = import ../lib;

  checkedOverlays =
    lib.throwIfNot (builtins.isList overlays) "The overlays argument to nixpkgs must be a list."
      (
        lib.throwIfNot (builtins.all lib.isFunction overlays)
          "All overlays passed to nixpkgs must be functions."
          overlays
      );

  # `config` is a set or a function `{ pkgs, ... }: set` of the final set.
  userConfig = if lib.isFunction config then config { inherit pkgs lib; } else config;

  # Defaults in the spirit of pkgs/top-level/config.nix; only these are modelled.
  processedConfig = {
    allowAliases = true;
    allowBroken = false;
    allowUnfree = false;
  }
  // userConfig;

  base = import ./base.nix {
    inherit lib;
    config = processedConfig;
    # `extend`/`appendOverlays` re-import with the original arguments.
    reimport = extraOverlays: import ./default.nix (args // { overlays = overlays ++ extraOverlays; });
  };

  configOverrides = _final: prev: (processedConfig.packageOverrides or (_: { })) prev;

  stdenvOverrides = final: prev: (prev.stdenv.overrides or (_: _: { })) final prev;

  layers = [
    base
    configOverrides
  ]
  ++ checkedOverlays
  ++ [ stdenvOverrides ];

  pkgs = lib.fix (builtins.foldl' (below: layer: lib.extends layer below) (_: { }) layers);
in
pkgs
