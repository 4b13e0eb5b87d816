# Functions on functions, booleans and values: identity, composition,
# function introspection (functors included), warnings and assertions.
{ lib }:
let
  # A functor counts as a function when applying its `__functor` to itself
  # yields one; plain lambdas and primops are functions.
  isFunction =
    f: builtins.isFunction f || (builtins.isAttrs f && f ? __functor && isFunction (f.__functor f));

  # Formals of a function; functors report `__functionArgs` when present,
  # otherwise the formals of what their `__functor` returns.
  functionArgs =
    f:
    if builtins.isAttrs f && f ? __functor then
      f.__functionArgs or (functionArgs (f.__functor f))
    else
      builtins.functionArgs f;

  setFunctionArgs = f: args: {
    __functor = _: f;
    __functionArgs = args;
  };

  # `builtins.warn` only exists in newer Nix; elsewhere a trace line that
  # reads like nixpkgs' warnings is the closest equivalent.
  warn = if builtins ? warn then builtins.warn else msg: builtins.trace "warning: ${msg}";
in
{
  id = x: x;
  const = x: _: x;
  flip =
    f: a: b:
    f b a;
  pipe = value: fns: builtins.foldl' (acc: fn: fn acc) value fns;
  concat = a: b: a ++ b;
  or = a: b: a || b;
  and = a: b: a && b;
  xor = a: b: a != b;
  boolToString = b: if b then "true" else "false";
  mergeAttrs = a: b: a // b;
  min = a: b: if a < b then a else b;
  max = a: b: if a > b then a else b;
  mod = a: b: a - (a / b) * b;
  compare =
    a: b:
    if a < b then
      -1
    else if a > b then
      1
    else
      0;
  defaultTo = default: value: if value == null then default else value;
  seq = builtins.seq;
  deepSeq = builtins.deepSeq;
  isBool = builtins.isBool;
  isInt = builtins.isInt;
  isPath = builtins.isPath;
  isString = builtins.isString;
  isList = builtins.isList;
  isAttrs = builtins.isAttrs;
  inherit
    isFunction
    functionArgs
    setFunctionArgs
    warn
    ;

  # A function that behaves like `g` but reports the formals of `f`.
  mirrorFunctionArgs =
    f:
    let
      formals = functionArgs f;
    in
    g: setFunctionArgs g formals;

  toFunction = v: if isFunction v then v else _: v;

  warnIf = cond: msg: if cond then warn msg else x: x;
  warnIfNot = cond: msg: if cond then x: x else warn msg;
  throwIf = cond: msg: if cond then throw msg else x: x;
  throwIfNot = cond: msg: if cond then x: x else throw msg;
  info = msg: builtins.trace "INFO: ${msg}";

  # Refuses a value outside `valid`, naming the offending value.
  checkListOfEnum =
    msg: valid: given:
    let
      bad = builtins.filter (v: !(builtins.elem v valid)) given;
    in
    if bad == [ ] then
      x: x
    else
      throw "${msg}: ${builtins.toJSON bad} should be one of ${builtins.toJSON valid}";

  version = "25.05-fixpoint";
  release = "25.05";
  oldestSupportedRelease = 2311;
  inNixShell = false;
  fakeHash = "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
  fakeSha256 = "0000000000000000000000000000000000000000000000000000";
  importJSON = path: builtins.fromJSON (builtins.readFile path);
  importTOML = path: builtins.fromTOML (builtins.readFile path);
}
