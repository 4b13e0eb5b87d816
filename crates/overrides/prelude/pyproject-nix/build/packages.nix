# `callPackage pyproject-nix.build.packages { inherit python; }`: a scope
# holding only infrastructure (interpreter, resolvers, hooks); PyPI packages
# come from overlays (`overrideScope`, which takes `final: prev:`).
{
  python,
  newScope,
  buildPackages,
  stdenv,
  pkgs,
}:
let
  inherit (pkgs) lib;
  resolvers = import ./resolvers.nix { inherit lib; };
in
lib.makeScope newScope (
  final:
  {
    inherit python pkgs stdenv;

    # Natively the build-platform set and the host set are this set.
    pythonPkgsBuildHost = final;
    pythonPkgsHostHost = final;

    hooks = import ./hooks.nix {
      inherit lib python;
      inherit (pkgs) makeSetupHook;
    };

    resolveBuildSystem = resolvers.resolveNonCyclic final.pythonPkgsBuildHost;
    resolveVirtualEnv = resolvers.resolveCyclic final;

    # A virtual environment of the closure of `spec`. `venvSkip` and
    # `venvIgnoreCollisions` are read through `finalAttrs`, so they can be
    # changed with `overrideAttrs`.
    mkVirtualEnv =
      name: spec:
      stdenv.mkDerivation (finalAttrs: {
        inherit name;
        dontUnpack = true;
        dontConfigure = true;
        dontBuild = true;
        nativeBuildInputs = [ final.pyprojectMakeVenvHook ];
        venvSkip = [ ];
        venvIgnoreCollisions = [ ];
        mkVirtualenvFlags = lib.concatStringsSep " " (
          map (path: "--skip ${lib.escapeShellArg path}") finalAttrs.venvSkip
          ++ map (path: "--ignore-collisions ${lib.escapeShellArg path}") finalAttrs.venvIgnoreCollisions
        );
        env.NIX_PYPROJECT_DEPS = lib.concatMapStringsSep ":" (dep: "${dep}") (final.resolveVirtualEnv spec);
        passthru = { inherit spec; };
      });
  }
  // import ./hooks-toplevel.nix final
)
