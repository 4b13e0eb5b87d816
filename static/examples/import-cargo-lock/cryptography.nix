# hacks.importCargoLock: cryptography's sdist contains Rust code, so its
# build needs the crates from its Cargo.lock. The hack vendors them; the
# result is an ordinary derivation, so .overrideAttrs composes with it.
#
# Trap to try: write `prev = final.cryptography;` and the package asks
# for itself: infinite recursion.
final: prev:
let
  pkgs = import <nixpkgs> { };
  hacks = pkgs.callPackage pyproject-nix.build.hacks { };
in
{
  cryptography =
    (hacks.importCargoLock {
      prev = prev.cryptography;
      cargoRoot = "src/rust";   # where Cargo.lock sits inside the sdist
    }).overrideAttrs (old: {
      # The build backends it needs, resolved from the final set.
      nativeBuildInputs = old.nativeBuildInputs ++ final.resolveBuildSystem {
        maturin = [ ];
        setuptools = [ ];
        cffi = [ ];
      };
      buildInputs = (old.buildInputs or [ ]) ++ [ pkgs.openssl ];
    });

  # Note: the real importCargoLock reads Cargo.lock from the unpacked
  # source at evaluation time (import from derivation); the playground's
  # model only shows the shape.
  lockFile = final.cryptography.cargoDeps.lockFile;
}
