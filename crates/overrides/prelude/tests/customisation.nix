{ lib, pkgs, ... }:
let
  f = { a, b, c ? null }: { sum = a + b; inherit c; };
  o = lib.makeOverridable f { a = 1; b = 2; };
  autoArgs = { a = 10; b = 20; graphviz = "g"; };
  called = lib.callPackageWith autoArgs ({ a, b ? 5, ... }@args: { inherit a b; names = builtins.attrNames args; }) { };
  scope = lib.makeScope (extra: lib.callPackageWith ({ outer = "o"; } // extra)) (self: {
    x = 1;
    y = self.x + 1;
    usesOuter = self.callPackage ({ outer, x }: "${outer}${toString x}") { };
  });
in
{
  makeOverridableCalls = { expr = o.sum; expected = 3; };
  overrideSet = { expr = (o.override { a = 5; }).sum; expected = 7; };
  overrideFunctionSeesRecordedArgs = { expr = (o.override (old: { a = old.a * 100; })).sum; expected = 102; };
  overridesAccumulate = { expr = let r = (o.override { a = 5; }).override { b = 5; }; in r.sum; expected = 10; };
  overrideRecordsOnlyGivenArgs = { expr = (o.override (old: { c = old ? c; })).c; expected = false; };
  overrideFormalsMirrored = { expr = [ (lib.functionArgs (lib.makeOverridable f)) (lib.functionArgs o.override) ]; expected = [ { a = false; b = false; c = true; } { a = false; b = false; c = true; } ]; };
  noOverrideAttrsWithoutMkDerivation = { expr = [ (o ? overrideAttrs) (o ? overrideDerivation) ]; expected = [ false true ]; };
  makeOverridableFunctionResult = {
    expr = let g = lib.makeOverridable ({ k }: { x }: x + k) { k = 1; }; in [ (g { x = 1; }) ((g.override { k = 10; }) { x = 1; }) (lib.functionArgs g) ];
    expected = [ 2 11 { x = false; } ];
  };
  makeOverridableOtherResult = { expr = lib.makeOverridable ({ k }: k + 1) { k = 1; }; expected = 2; };
  callPackageFillsDeclaredFormals = { expr = called.a + called.b; expected = 30; };
  callPackageIgnoresEllipsisNames = { expr = called.names; expected = [ "a" "b" ]; };
  callPackageExplicitWins = { expr = (lib.callPackageWith autoArgs ({ a }: a) { a = 1; }); expected = 1; };
  callPackageResultOverridable = { expr = ((lib.callPackageWith autoArgs ({ a }: { v = a; }) { }).override { a = 2; }).v; expected = 2; };
  callPackagesWith = {
    expr = let s = lib.callPackagesWith autoArgs ({ a }: { one = { v = a; }; two = { v = a + 1; }; }) { }; in [ s.one.v s.two.v (s.two.override { a = 0; }).v ];
    expected = [ 10 11 1 ];
  };
  makeScopeSelfReference = { expr = [ scope.y scope.usesOuter ]; expected = [ 2 "o1" ]; };
  makeScopeMembers = { expr = builtins.all (n: scope ? ${n}) [ "callPackage" "newScope" "overrideScope" "packages" ]; expected = true; };
  overrideScopeFinalPrev = {
    expr = let s = scope.overrideScope (final: prev: { x = prev.x + 10; }); in [ s.x s.y s.usesOuter scope.x ];
    expected = [ 11 12 "o11" 1 ];
  };
  makeScopeOwnCallPackageSurvives = {
    expr = let s = lib.makeScope (extra: lib.callPackageWith extra) (self: { callPackage = _: _: "mine"; }); in [ (s.callPackage null null) ((s.overrideScope (_: _: { })).callPackage null null) ];
    expected = [ "mine" "mine" ];
  };
  extendDerivationPassthru = {
    expr = let d = lib.extendDerivation true { extra = 1; outPath = "hijacked"; } (derivation { name = "d"; system = "x86_64-linux"; builder = "/bin/sh"; }); in [ d.extra (d.outPath != "hijacked") d.out.extra d.out.outputSpecified (builtins.length d.all) ];
    expected = [ 1 true 1 true 1 ];
  };
  extendDerivationGuard = {
    expr = (lib.extendDerivation (throw "invalid") { } (derivation { name = "d"; system = "x86_64-linux"; builder = "/bin/sh"; })).outPath;
    expectedError = true;
  };
  overrideDerivation = {
    expr = let d = lib.overrideDerivation pkgs.cargo (old: { x = "forced"; }); in [ d.x (d ? overrideAttrs) (d.drvPath != pkgs.cargo.drvPath) d.version ];
    expected = [ "forced" false true "1.80" ];
  };
  namespace = { expr = (lib.customisation.makeOverridable ({ a }: a) { a = 1; }); expected = 1; };
  extendMkDerivation = {
    expr =
      let
        mkThing = lib.extendMkDerivation {
          constructDrv = pkgs.stdenv.mkDerivation;
          excludeDrvArgNames = [ "secret" ];
          extendDrvArgs = finalAttrs: { greeting ? "hi", ... }@args: { msg = "${greeting} ${finalAttrs.pname}"; };
        };
        t = mkThing (finalAttrs: { pname = "t"; version = "1"; secret = "s"; });
        u = t.overrideAttrs { pname = "u"; };
      in
      [ t.msg u.msg (t ? secret) (lib.functionArgs mkThing ? greeting) ];
    expected = [ "hi t" "hi u" false true ];
  };
}
