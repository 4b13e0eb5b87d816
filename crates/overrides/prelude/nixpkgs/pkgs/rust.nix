# The Rust toolchain model: cargo, rustc, and the parts of rustPlatform
# pyproject.nix's hacks use.
{
  cargo =
    { stdenv }:
    stdenv.mkDerivation {
      pname = "cargo";
      version = "1.80";
    };

  rustc =
    { stdenv }:
    stdenv.mkDerivation {
      pname = "rustc";
      version = "1.80";
    };

  rustPlatform =
    {
      lib,
      stdenv,
      cargo,
      rustc,
      makeSetupHook,
    }:
    {
      inherit cargo rustc;

      # The real function reads the lock file at evaluation time (import from
      # derivation when it lives in a build output). The model records the
      # lock file's path and never reads it.
      importCargoLock =
        {
          lockFile ? null,
          lockFileContents ? null,
          outputHashes ? { },
          ...
        }@args:
        stdenv.mkDerivation {
          name = "cargo-vendor-dir";
          lockFile = if lockFile == null then null else "${lockFile}";
          inherit lockFileContents;
          outputHashes = builtins.attrNames outputHashes;
          # True when the lock file lives in a build output: real Nix would
          # have to build that output during evaluation to read it.
          passthru.requiresImportFromDerivation =
            lockFile != null && !(builtins.isPath lockFile) && builtins.hasContext "${lockFile}";
        };

      cargoSetupHook = makeSetupHook {
        name = "cargo-setup-hook-0";
        propagatedBuildInputs = [ ];
      } (builtins.toFile "cargo-setup-hook.sh" "cargoSetupPostUnpackHook() { :; }\n");
    };
}
