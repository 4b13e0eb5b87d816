# The CPython interpreter model (SEMANTICS §3.9).
#
# The package set is its own fixed point, built in the interpreter's
# passthru: a scope over the base set (`python = self`) extended by the
# package definitions, then every element of `pythonPackagesExtensions`,
# then `packageOverrides`. `self` is the interpreter the set refers to; it
# is not updated by `.override` unless passed again (nixpkgs issue #64334).
{
  lib,
  stdenv,
  pkgs,
  pythonPackagesExtensions,
  self,
  packageOverrides ? (_final: _prev: { }),
}:
let
  pythonVersion = "3.12";
  version = "3.12.7";
  executable = "python${pythonVersion}";

  baseSet = pyfinal: {
    python = self;
    buildPythonPackage = import ./mk-python-derivation.nix {
      inherit lib stdenv;
      inherit (pyfinal) python;
    };
  };

  pythonPackages = lib.makeScope pkgs.newScope (
    lib.extends (lib.composeManyExtensions (
      [ (import ./packages.nix) ] ++ pythonPackagesExtensions ++ [ packageOverrides ]
    )) baseSet
  );

  # An environment: the interpreter plus packages. Its passthru is the
  # interpreter's (through `self`), so `env.pkgs` is `self.pkgs`.
  withPackages =
    choose:
    let
      extraLibs = choose pythonPackages;
    in
    stdenv.mkDerivation {
      name = "${self.name}-env";
      paths = [ self ] ++ extraLibs;
      passthru = (self.passthru or { }) // {
        inherit extraLibs;
      };
    };
in
stdenv.mkDerivation (finalAttrs: {
  pname = "python3";
  inherit version;
  configureFlags = [ "--enable-shared" ];
  buildInputs = [ pkgs.zlib pkgs.openssl ];
  passthru = {
    inherit
      self
      packageOverrides
      pythonVersion
      executable
      withPackages
      ;
    pkgs = pythonPackages;
    sourceVersion = version;
    implementation = "cpython";
    libPrefix = executable;
    sitePackages = "lib/${executable}/site-packages";
    interpreter = "${self}/bin/${executable}";
    isPy3 = true;
    isPy312 = true;
    pythonAtLeast = lib.versionAtLeast pythonVersion;
    pythonOlder = lib.versionOlder pythonVersion;
    # Natively the build-platform interpreter is this one, overrides included.
    pythonOnBuildForHost = finalAttrs.finalPackage;
    pythonForBuild = finalAttrs.finalPackage;
    buildEnv = withPackages (_: [ ]);
  };
  meta.mainProgram = executable;
})
