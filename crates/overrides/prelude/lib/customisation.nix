# Overridable functions and package sets: makeOverridable, callPackageWith,
# callPackagesWith, makeScope, and the derivation wrappers extendDerivation
# and overrideDerivation.
{ lib }:
let
  inherit (lib.trivial)
    isFunction
    functionArgs
    mirrorFunctionArgs
    setFunctionArgs
    ;
  inherit (lib.attrsets) isDerivation optionalAttrs filterAttrs;

  # `newArgs` is a set, or a function of the arguments recorded so far.
  mergeArgs =
    recorded: newArgs: recorded // (if isFunction newArgs then newArgs recorded else newArgs);

  makeOverridable =
    f:
    let
      sameFormals = mirrorFunctionArgs f;
      callable =
        recorded:
        let
          result = f recorded;
          # Re-call `f` with changed arguments; overrides accumulate.
          override = sameFormals (newArgs: makeOverridable f (mergeArgs recorded newArgs));
          # Post-process the result of every later call with `g`, so that a
          # later `.override` re-applies it.
          transformed = g: makeOverridable (sameFormals (args: g (f args))) recorded;
        in
        if builtins.isAttrs result then
          result
          // {
            inherit override;
            overrideDerivation = changes: transformed (drv: overrideDerivation drv changes);
          }
          // optionalAttrs (result ? overrideAttrs) {
            overrideAttrs = changes: transformed (drv: drv.overrideAttrs changes);
          }
        else if isFunction result then
          setFunctionArgs result (functionArgs result) // { inherit override; }
        else
          result;
      wrapped = sameFormals callable;
    in
    # A functor keeps its other attributes; an `override` it already had is
    # re-wrapped so that what it returns is overridable again.
    if builtins.isAttrs f then
      f
      // wrapped
      // optionalAttrs (f ? override) {
        override = newArgs: makeOverridable (f.override newArgs);
      }
    else
      wrapped;

  # The names within edit distance 2 of `name`, closest first, at most 3,
  # formatted as nixpkgs' hint: `, did you mean "a", "b" or "c"?`.
  suggestionsFor =
    name: candidates:
    let
      close = builtins.filter (lib.strings.levenshteinAtMost 2 name) candidates;
      ranked = lib.lists.take 3 (lib.lists.sortOn (lib.strings.levenshtein name) close);
      quoted = map (n: "\"${n}\"") ranked;
      count = builtins.length quoted;
    in
    if count == 0 then
      ""
    else if count == 1 then
      ", did you mean ${builtins.head quoted}?"
    else
      ", did you mean ${builtins.concatStringsSep ", " (lib.lists.init quoted)} or ${lib.lists.last quoted}?";

  callPackageWith =
    autoArgs: fn: args:
    let
      f = if isFunction fn then fn else import fn;
      formals = functionArgs f;
      given = builtins.intersectAttrs formals autoArgs // args;
      missing = builtins.filter (name: !formals.${name} && !(given ? ${name})) (builtins.attrNames formals);
      firstMissing = builtins.head missing;
      position = builtins.unsafeGetAttrPos firstMissing formals;
      where =
        if position == null then "<unknown location>" else "${position.file}:${toString position.line}";
      message = "lib.customisation.callPackageWith: Function called without required argument \"${firstMissing}\" at ${where}${
        suggestionsFor firstMissing (builtins.attrNames (autoArgs // args))
      }";
    in
    if missing == [ ] then makeOverridable f given else abort message;

  callPackagesWith =
    autoArgs: fn: args:
    let
      f = if isFunction fn then fn else import fn;
      recorded = builtins.intersectAttrs (functionArgs f) autoArgs // args;
      produced = f recorded;
      sameFormals = mirrorFunctionArgs f;
      member = name: _: makeOverridable (sameFormals (newArgs: (f newArgs).${name})) recorded;
    in
    if isDerivation produced then
      throw "function `callPackages` was called on a *single* derivation ${
        produced.name or "<unknown>"
      }; did you mean to use `callPackage` instead?"
    else
      builtins.mapAttrs member produced;

  # Adds `passthru` to a derivation and to each of its outputs, guarding the
  # store paths with `condition`. The paths are set last, so passthru can
  # never change them.
  extendDerivation =
    condition: passthru: drv:
    let
      outputNames = drv.outputs or [ "out" ];
      guarded = value: assert condition; value;
      outputViews = builtins.listToAttrs (
        map (name: {
          inherit name;
          value = shared // {
            inherit (drv.${name}) type outputName;
            outputSpecified = true;
            drvPath = guarded drv.${name}.drvPath;
            outPath = guarded drv.${name}.outPath;
          }
          // optionalAttrs (passthru ? overrideAttrs) {
            overrideAttrs = changes: (passthru.overrideAttrs changes).${name};
          };
        }) outputNames
      );
      shared = drv // outputViews // { all = map (name: outputViews.${name}) outputNames; } // passthru;
    in
    shared
    // {
      drvPath = guarded drv.drvPath;
      outPath = guarded drv.outPath;
    };

  # Legacy: re-runs the primitive `derivation` with changed attributes.
  overrideDerivation =
    drv: changes:
    let
      rebuilt = derivation (drv.drvAttrs // changes drv);
      kept = {
        meta = drv.meta or { };
        passthru = drv.passthru or { };
      }
      // (drv.passthru or { });
    in
    extendDerivation (builtins.seq drv.drvPath true) kept rebuilt;

  makeScope =
    newScope: f:
    let
      self = {
        callPackage = self.newScope { };
      }
      // f self
      // {
        newScope = extra: newScope (self // extra);
        overrideScope = g: makeScope newScope (lib.fixedPoints.extends g f);
        packages = f;
      };
    in
    self;
in
{
  inherit
    makeOverridable
    callPackageWith
    callPackagesWith
    extendDerivation
    overrideDerivation
    makeScope
    ;

  # A scope with cross-compilation splicing, modelled natively: the spliced
  # view is the set itself.
  makeScopeWithSplicing' =
    { splicePackages ? null, newScope }:
    { otherSplices ? { }, keep ? _: { }, extra ? _: { }, f }:
    makeScope newScope f;

  hydraJob = drv: drv;

  # Builds a mkDerivation-like helper that keeps fixed-point arguments:
  # calling it with `fpargs` (a set or `finalAttrs: set`) passes
  # `final: removeAttrs prev excludeDrvArgNames // extendDrvArgs final prev`
  # (with `prev = toFunction fpargs final`) to `constructDrv`.
  extendMkDerivation =
    {
      constructDrv,
      extendDrvArgs,
      excludeDrvArgNames ? [ ],
      excludeFunctionArgNames ? [ ],
      inheritFunctionArgs ? true,
      transformDrv ? (drv: drv),
    }:
    setFunctionArgs
      (
        fpargs:
        transformDrv (
          constructDrv (
            final:
            let
              prev = lib.trivial.toFunction fpargs final;
            in
            builtins.removeAttrs prev excludeDrvArgNames // extendDrvArgs final prev
          )
        )
      )
      (
        builtins.removeAttrs (
          (if inheritFunctionArgs then functionArgs constructDrv else { })
          // functionArgs (extendDrvArgs { })
        ) excludeFunctionArgNames
      );
}
