# `stdenv.mkDerivation` with the override semantics of SEMANTICS §4.
#
# The arguments are a fixed point: `A = R (A // { finalPackage; overrideAttrs; })`
# where `R` is the user's function (or a constant one for a plain set).
# `overrideAttrs f` stacks `toExtension f` on top of `R` and re-runs the
# same fixed point, so every layer's `final` is the arguments after all
# layers. `meta` and `passthru` never reach `derivation`; dependency lists
# are flattened and each package in them replaced by its `dev` output.
{ lib, stdenv }:
let
  # Arguments that are not environment variables of the derivation.
  notForDerivation = [
    "meta"
    "passthru"
    "pos"
    "env"
    "checkInputs"
    "installCheckInputs"
    "nativeCheckInputs"
    "nativeInstallCheckInputs"
    "__contentAddressed"
    "__darwinAllowLocalNetworking"
    "__impureHostDeps"
    "__propagatedImpureHostDeps"
    "sandboxProfile"
    "propagatedSandboxProfile"
    "realBuilder"
  ];

  dependencyLists = lib.genAttrs [
    "depsBuildBuild"
    "depsBuildBuildPropagated"
    "nativeBuildInputs"
    "propagatedNativeBuildInputs"
    "depsBuildTarget"
    "depsBuildTargetPropagated"
    "depsHostHost"
    "depsHostHostPropagated"
    "buildInputs"
    "propagatedBuildInputs"
    "depsTargetTarget"
    "depsTargetTargetPropagated"
  ] (_: null);

  defaultBuilder = builtins.toFile "default-builder.sh" ''
    source $stdenv/setup
    genericBuild
  '';

  # Packages become their `dev` output; strings, paths and nulls stay.
  checkDependencies =
    drvName: listName: list:
    lib.imap1 (
      index: dep:
      if lib.isDerivation dep then
        lib.getDev dep
      else if dep == null || builtins.isString dep || builtins.isPath dep then
        dep
      else
        throw "Dependency is not of a valid type: element ${toString index} of ${listName} for ${drvName}"
    ) (lib.flatten list);

  # The layer `overrideAttrs` adds, with nixpkgs' warning for a `version`
  # change that leaves `src` alone. The warning is attached to the new
  # `version` value, not to the layer's attribute names: deciding the names
  # must never force values, which may depend on `finalAttrs`.
  versionCheckedLayer =
    extension: final: prev:
    let
      changes = extension final prev;
      cleaned = builtins.removeAttrs changes [ "__intentionallyOverridingVersion" ];
      suspicious =
        changes ? version
        && prev ? version
        && !(changes ? src)
        && !(changes.__intentionallyOverridingVersion or false);
      position = builtins.unsafeGetAttrPos "version" changes;
      where =
        if position == null then "<unknown location>" else "${position.file}:${toString position.line}";
      message = "${prev.pname or "a package"} was overridden with `version` but not `src` at ${where}. The sources stay those of the old version; override `src` too, or set `__intentionallyOverridingVersion = true`.";
    in
    if suspicious then cleaned // { version = lib.warn message cleaned.version; } else cleaned;

  build =
    overrideAttrs: args:
    let
      name = lib.sanitizeDerivationName (
        if args ? name then
          args.name
        else
          assert lib.assertMsg (args.version != null) "The `version` attribute cannot be null.";
          "${args.pname}-${args.version}"
      );

      passthru = args.passthru or { };
      meta = args.meta or { };

      # Check inputs join the build inputs only when the checks run.
      withCheckInputs =
        args
        // lib.optionalAttrs (args.doCheck or false) {
          nativeBuildInputs = (args.nativeBuildInputs or [ ]) ++ (args.nativeCheckInputs or [ ]);
          buildInputs = (args.buildInputs or [ ]) ++ (args.checkInputs or [ ]);
        }
        // lib.optionalAttrs (args.doInstallCheck or false) {
          nativeBuildInputs =
            (args.nativeBuildInputs or [ ])
            ++ (if args.doCheck or false then args.nativeCheckInputs or [ ] else [ ])
            ++ (args.nativeInstallCheckInputs or [ ]);
          buildInputs =
            (args.buildInputs or [ ])
            ++ (if args.doCheck or false then args.checkInputs or [ ] else [ ])
            ++ (args.installCheckInputs or [ ]);
        };

      dependencies = builtins.mapAttrs (checkDependencies name) (
        builtins.intersectAttrs dependencyLists withCheckInputs
      );

      drvAttrs =
        builtins.removeAttrs args notForDerivation
        // (args.env or { })
        // {
          inherit name;
          inherit (stdenv) system;
          builder = args.realBuilder or stdenv.shell;
          args = args.args or [
            "-e"
            defaultBuilder
          ];
          stdenv = stdenv;
          outputs = args.outputs or [ "out" ];
          __ignoreNulls = true;
        }
        // dependencies;

      drv = derivation drvAttrs;

      # A model of nixpkgs' meta checks: only `meta.broken` is enforced.
      valid = lib.assertMsg (
        !(meta.broken or false)
      ) "Package ‘${name}’ is marked as broken, refusing to evaluate.";
    in
    lib.extendDerivation valid (
      {
        inherit overrideAttrs passthru meta;
        inputDerivation = derivation (
          drvAttrs
          // {
            name = "${name}-inputDerivation";
            outputs = [ "out" ];
            args = [
              "-c"
              "export > $out"
            ];
          }
        );
      }
      // passthru
    ) drv;

  extensible =
    rattrs:
    let
      args = rattrs (
        args
        // {
          inherit finalPackage overrideAttrs;
        }
      );
      overrideAttrs =
        changes: extensible (lib.extends (versionCheckedLayer (lib.toExtension changes)) rattrs);
      finalPackage = build overrideAttrs args;
    in
    finalPackage;
in
fnOrAttrs: extensible (lib.toFunction fnOrAttrs)
