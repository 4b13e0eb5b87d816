{ stdenv }:
stdenv.mkDerivation (finalAttrs: {
  pname = "zlib";
  version = "1.3";
  outputs = [
    "out"
    "dev"
  ];
  configureFlags = [ "--shared" ];
})
