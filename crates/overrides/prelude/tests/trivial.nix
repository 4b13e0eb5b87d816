{ lib, ... }:
let
  functor = { __functor = self: x: x + 1; };
in
{
  id = { expr = lib.id 5; expected = 5; };
  const = { expr = lib.const 1 2; expected = 1; };
  flip = { expr = lib.flip lib.concat [ 1 ] [ 2 ]; expected = [ 2 1 ]; };
  pipe = { expr = lib.pipe 2 [ (x: x + 1) (x: x * 10) ]; expected = 30; };
  isFunctionLambda = { expr = lib.isFunction (x: x); expected = true; };
  isFunctionFunctor = { expr = [ (lib.isFunction functor) (builtins.isFunction functor) ]; expected = [ true false ]; };
  isFunctionSet = { expr = lib.isFunction { a = 1; }; expected = false; };
  functionArgsLambda = { expr = lib.functionArgs ({ a, b ? 1 }: a); expected = { a = false; b = true; }; };
  functionArgsPlain = { expr = lib.functionArgs (x: x); expected = { }; };
  setFunctionArgs = {
    expr = let f = lib.setFunctionArgs (args: args.a) { a = false; }; in [ (lib.functionArgs f) (f { a = 3; }) ];
    expected = [ { a = false; } 3 ];
  };
  functionArgsOfFunctorBody = {
    expr = lib.functionArgs { __functor = self: { x, y ? 2 }: x; };
    expected = { x = false; y = true; };
  };
  mirrorFunctionArgs = {
    expr = let g = lib.mirrorFunctionArgs ({ a, b ? 1 }: null) (args: args.a * 2); in [ (lib.functionArgs g) (g { a = 4; }) ];
    expected = [ { a = false; b = true; } 8 ];
  };
  toFunctionValue = { expr = lib.toFunction 3 "ignored"; expected = 3; };
  toFunctionFunction = { expr = lib.toFunction (x: x + 1) 3; expected = 4; };
  warnReturnsValue = { expr = lib.warn "a warning from the prelude tests" 7; expected = 7; };
  warnIfFalse = { expr = lib.warnIf false "never" 1; expected = 1; };
  warnIfTrue = { expr = lib.warnIf true "a warnIf warning from the prelude tests" 2; expected = 2; };
  throwIfFalseIsIdentity = { expr = lib.throwIf false "never" 3; expected = 3; };
  throwIfTrue = { expr = lib.throwIf true "boom" 3; expectedError = true; };
  throwIfNotTrue = { expr = lib.throwIfNot true "never" 4; expected = 4; };
  throwIfNotFalse = { expr = lib.throwIfNot false "boom" 4; expectedError = true; };
  assertMsgTrue = { expr = lib.assertMsg true "never"; expected = true; };
  assertMsgFalse = { expr = lib.assertMsg false "because"; expectedError = true; };
  boolToString = { expr = map lib.boolToString [ true false ]; expected = [ "true" "false" ]; };
  minMax = { expr = [ (lib.min 1 2) (lib.max 1 2) ]; expected = [ 1 2 ]; };
  mod = { expr = lib.mod 7 3; expected = 1; };
  namespace = { expr = lib.trivial.id 1 + lib.trivial.const 1 0; expected = 2; };
  libExtend = { expr = ((lib.extend (final: prev: { answer = 42; })).answer); expected = 42; };
  licensesAndPlatforms = { expr = [ lib.licenses.mit.spdxId lib.licenses.unfree.free (builtins.elem "x86_64-linux" lib.platforms.linux) ]; expected = [ "MIT" false true ]; };
  metaHelpers = { expr = [ (lib.lowPrio { meta.a = 1; }).meta (lib.addMetaAttrs { b = 2; } { }).meta ]; expected = [ { a = 1; priority = 10; } { b = 2; } ]; };
  fakeHashIsSri = { expr = lib.hasPrefix "sha256-" lib.fakeHash; expected = true; };
  makeOverridableFunctorKeepsAttributes = {
    expr = let f = { __functor = self: { a }: { v = a; }; tag = "t"; }; o = lib.makeOverridable f; in [ o.tag (o { a = 1; }).v ((o { a = 1; }).override { a = 2; }).v ];
    expected = [ "t" 1 2 ];
  };
}
