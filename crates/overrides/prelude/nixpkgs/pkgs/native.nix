# Small native packages: zlib lives in ./zlib.nix (the stdenv brings it
# forward); these are plain callPackage functions.
{
  openssl =
    { stdenv, zlib }:
    stdenv.mkDerivation {
      pname = "openssl";
      version = "3.3.2";
      outputs = [
        "out"
        "dev"
      ];
      buildInputs = [ zlib ];
    };

  pkg-config =
    { stdenv }:
    stdenv.mkDerivation {
      pname = "pkg-config";
      version = "0.29";
    };

  autoPatchelfHook =
    { makeSetupHook }: makeSetupHook { name = "auto-patchelf-hook"; } (builtins.toFile "auto-patchelf.sh" "autoPatchelf() { :; }\n");
}
