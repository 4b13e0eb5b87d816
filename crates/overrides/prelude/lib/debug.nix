# Tracing helpers and the message-carrying assertion.
{ lib }:
{
  traceVal = v: builtins.trace v v;
  traceSeq = v: x: builtins.trace (builtins.deepSeq v v) x;
  traceValFn = f: v: builtins.trace (f v) v;
  # Like `assert`, but says why: throws `msg` when `cond` is false.
  assertMsg = cond: msg: cond || throw msg;
  assertOneOf =
    name: value: choices:
    builtins.elem value choices
    || throw "${name} must be one of ${builtins.toJSON choices}, but is: ${builtins.toJSON value}";
}
