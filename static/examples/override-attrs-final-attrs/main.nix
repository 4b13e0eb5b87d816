# overrideAttrs and finalAttrs: the fixed point inside one derivation.
#
# mkDerivation (finalAttrs: { ... }) receives its own *final* attributes,
# after every overrideAttrs. A `rec { ... }` set reads its own values
# before any override.
let
  inherit (import <nixpkgs> { }) stdenv;

  withFinal = stdenv.mkDerivation (finalAttrs: {
    pname = "hello";
    version = "2.12";
    withFeature = true;
    configureFlags = lib.optionals finalAttrs.withFeature [ "--with-feature" ];
  });

  withRec = stdenv.mkDerivation rec {
    pname = "hello";
    version = "2.12";
    withFeature = true;
    configureFlags = lib.optionals withFeature [ "--with-feature" ];
  };

  # Switch the feature off from outside.
  off = p: p.overrideAttrs { withFeature = false; };
in
{
  # finalAttrs sees the override: the flag is gone.
  final = (off withFinal).configureFlags;
  # rec does not: the flag is still there.
  rec_ = (off withRec).configureFlags;
  # The two-argument form: prev is the layer below, final the end result.
  chained = ((off withFinal).overrideAttrs (final: prev: {
    configureFlags = prev.configureFlags ++ [ "--quiet" ];
  })).configureFlags;
  # finalAttrs.finalPackage is the package after all overrides.
  finalPackageIsSelf =
    let p = (off withFinal).overrideAttrs (fa: prev: { passthru.me = fa.finalPackage; });
    in p.me.outPath == p.outPath;
}
