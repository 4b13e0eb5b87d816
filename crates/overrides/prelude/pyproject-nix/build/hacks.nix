# Ways to reuse nixpkgs in a pyproject.nix set and back (SEMANTICS §5.5–§5.8).
{ pkgs, lib }:
let
  inherit (lib) isDerivation;

  # Names of the scope that are infrastructure, never packages.
  infrastructure = [
    "python"
    "pkgs"
    "stdenv"
    "pythonPkgsBuildHost"
    "resolveBuildSystem"
    "resolveVirtualEnv"
    "mkVirtualEnv"
    "hooks"
    "callPackage"
  ];
in
{
  # A package that is nixpkgs' build of `from`, symlinked, with the runtime
  # dependency metadata (passthru) of the pyproject.nix package `prev`.
  nixpkgsPrebuilt =
    {
      from,
      prev ? {
        passthru = { };
      },
      quiet ? false,
    }:
    assert isDerivation from;
    assert builtins.isAttrs prev;
    let
      prevPython =
        if prev ? nativeBuildInputs then
          (lib.findFirst (dep: (dep.name or null) == "pyproject-hook") (throw "Pyproject hook not found in ${prev.drvPath}") prev.nativeBuildInputs).passthru.python
        else
          null;
      nixpkgsPython = from.pythonModule;
      checked =
        if prevPython == null then
          (x: x)
        else
          lib.throwIf (prevPython.pythonVersion != nixpkgsPython.pythonVersion)
            "Mismatching Python versions for ${from.drvPath} & ${prev.drvPath}: ${nixpkgsPython.pythonVersion} != ${prevPython.pythonVersion}"
            (
              lib.warnIf (
                !quiet && prevPython.outPath != nixpkgsPython.outPath
              ) "Mismatching Python derivations for ${from.drvPath} & ${prev.drvPath}, beware of ABI compatibility issues"
            );
    in
    checked (
      pkgs.stdenv.mkDerivation {
        inherit (from) pname version;
        passthru = prev.passthru or { };
        dontUnpack = true;
        dontConfigure = true;
        dontBuild = true;
        dontFixup = true;
        nativeBuildInputs = [ nixpkgsPython.pythonOnBuildForHost ];
        installPhase = "python ${./write-nixpkgs-prebuilt.py} ${from} $out";
      }
    );

  # Adds a vendored Cargo lock to `prev` (unpacking an archive `src` first).
  importCargoLock =
    {
      prev,
      importCargoLockArgs ? { },
      unpackDerivationArgs ? { },
      cargoRoot ? ".",
      lockFile ? "${cargoRoot}/Cargo.lock",
      cargo ? pkgs.cargo,
      rustc ? pkgs.rustc,
      pkg-config ? pkgs.pkg-config,
      doUnpack ? !lib.isPath prev.src,
    }:
    assert isDerivation prev;
    let
      src =
        if doUnpack then
          pkgs.stdenv.mkDerivation (
            {
              name = "${prev.src.name}-unpacked";
              inherit (prev) src;
              dontConfigure = true;
              dontBuild = true;
              dontFixup = true;
              preferLocalBuild = true;
              installPhase = "cp -a . $out";
            }
            // unpackDerivationArgs
          )
        else
          prev.src;
      lockPath =
        if lib.isPath lockFile || lib.hasPrefix "/" lockFile then lockFile else "${src}/${lockFile}";
    in
    prev.overrideAttrs (old: {
      inherit cargoRoot src;
      cargoDeps = pkgs.rustPlatform.importCargoLock ({ lockFile = lockPath; } // importCargoLockArgs);
      nativeBuildInputs = old.nativeBuildInputs or [ ] ++ [
        pkgs.rustPlatform.cargoSetupHook
        pkg-config
        cargo
        rustc
      ];
    });

  # An extension for a nixpkgs Python set (`pyfinal: pyprev:`) with wheels
  # of the selected packages of `pythonSet`. Dependencies resolve by name in
  # the nixpkgs set.
  toNixpkgs =
    {
      pythonSet,
      packages ? null,
    }:
    let
      hookNames = builtins.attrNames pythonSet.hooks;
      selectable =
        predicate: name:
        !(builtins.elem name infrastructure)
        && !(builtins.elem name hookNames)
        && predicate name
        && isDerivation pythonSet.${name};
      names =
        if builtins.isList packages then
          packages
        else if packages == null then
          builtins.filter (selectable (_: true)) (builtins.attrNames pythonSet)
        else if lib.isFunction packages then
          builtins.filter (selectable packages) (builtins.attrNames pythonSet)
        else
          throw "Unhandled packages type: ${builtins.typeOf packages}";

      # The same set with a `dist` output (the built wheel) on each selected package.
      withDist = pythonSet.overrideScope (
        _final: prev:
        lib.genAttrs names (
          name:
          let
            pkg = prev.${name};
          in
          if builtins.elem "dist" (pkg.outputs or [ "out" ]) then
            pkg
          else
            pkg.overrideAttrs (old: {
              outputs = (old.outputs or [ "out" ]) ++ [ "dist" ];
            })
        )
      );

      convert =
        pyfinal: name:
        let
          from = withDist.${name};
          passthru = from.passthru or { };
          resolve =
            deps:
            lib.concatLists (
              lib.mapAttrsToList (
                dep: extras:
                [ pyfinal.${dep} ] ++ map (extra: pyfinal.${dep}.optional-dependencies.${extra} or [ ]) extras
              ) deps
            );
        in
        pyfinal.buildPythonPackage (
          {
            inherit (from) pname version;
            format = "wheel";
            src = from.dist;
            unpackPhase = "mkdir dist && cp -r $src/* dist/";
            dontBuild = true;
            buildInputs = from.buildInputs or [ ];
            nativeBuildInputs = lib.optional pkgs.stdenv.isLinux [ pkgs.autoPatchelfHook ];
            propagatedBuildInputs = resolve (passthru.dependencies or { });
            passthru.optional-dependencies = builtins.mapAttrs (_: deps: lib.flatten (resolve deps)) (
              passthru.optional-dependencies or { }
            );
          }
          // lib.optionalAttrs (from ? autoPatchelfIgnoreMissingDeps) {
            inherit (from) autoPatchelfIgnoreMissingDeps;
          }
        );
    in
    pyfinal: _pyprev: lib.genAttrs names (convert pyfinal);
}
