# Runs the prelude's own tests: every other `*.nix` file in this folder is a
# function `{ lib, pkgs, pyproject-nix, uvOverlay }` returning a set of cases
# `NAME = { expr; expected; }` (nixpkgs' runTests style) or
# `NAME = { expr; expectedError = true; }` for a catchable error.
# The result, for `--eval --strict --json`:
#   { total = N; failed = [ { name; got; expected; } … ]; }
let
  lib = import ../lib;
  pkgs = import ../nixpkgs { };
  pyproject-nix = import ../pyproject-nix;
  uvOverlay = import ../pyproject-nix/uv-overlay.nix;

  files = builtins.filter (name: name != "run.nix" && lib.hasSuffix ".nix" name) (
    builtins.attrNames (builtins.readDir ./.)
  );

  casesOf =
    file:
    let
      cases = import (./. + "/${file}") {
        inherit
          lib
          pkgs
          pyproject-nix
          uvOverlay
          ;
      };
    in
    lib.mapAttrsToList (name: case: case // { name = "${lib.removeSuffix ".nix" file}.${name}"; }) cases;

  all = builtins.concatMap casesOf files;

  # A printable rendering of any value, for failure reports.
  show =
    value:
    let
      attempt = builtins.tryEval (builtins.deepSeq value (builtins.toJSON value));
    in
    if attempt.success then attempt.value else "<${builtins.typeOf value}, not printable>";

  check =
    case:
    let
      outcome = builtins.tryEval (builtins.deepSeq case.expr case.expr);
    in
    if case ? expectedError then
      {
        ok = !outcome.success;
        got = if outcome.success then show outcome.value else "error";
        expected = "error";
      }
    else
      {
        ok = outcome.success && outcome.value == case.expected;
        got = if outcome.success then show outcome.value else "error";
        expected = show case.expected;
      };

  results = map (case: { inherit (case) name; } // check case) all;
in
{
  total = builtins.length results;
  failed = map (r: { inherit (r) name got expected; }) (builtins.filter (r: !r.ok) results);
}
