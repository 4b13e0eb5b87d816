{ lib, pkgs, ... }:
let
  set = { a = 1; b = 2; c = 3; };
in
{
  mapAttrs = { expr = lib.mapAttrs (n: v: v * 10) set; expected = { a = 10; b = 20; c = 30; }; };
  mapAttrsPrime = { expr = lib.mapAttrs' (n: v: lib.nameValuePair "x${n}" v) { a = 1; }; expected = { xa = 1; }; };
  mapAttrsToList = { expr = lib.mapAttrsToList (n: v: "${n}=${toString v}") set; expected = [ "a=1" "b=2" "c=3" ]; };
  filterAttrs = { expr = lib.filterAttrs (n: v: n != "b" && v > 0) set; expected = { a = 1; c = 3; }; };
  optionalAttrsTrue = { expr = lib.optionalAttrs true { x = 1; }; expected = { x = 1; }; };
  optionalAttrsFalse = { expr = lib.optionalAttrs false { x = 1; }; expected = { }; };
  recursiveUpdate = {
    expr = lib.recursiveUpdate { a = { x = 1; y = 2; }; b = 1; } { a = { y = 3; z = 4; }; c = 5; };
    expected = { a = { x = 1; y = 3; z = 4; }; b = 1; c = 5; };
  };
  recursiveUpdateReplacesNonSets = { expr = lib.recursiveUpdate { a = { x = 1; }; } { a = 2; }; expected = { a = 2; }; };
  attrByPathHit = { expr = lib.attrByPath [ "a" "b" ] 0 { a.b = 5; }; expected = 5; };
  attrByPathMiss = { expr = lib.attrByPath [ "a" "c" ] 0 { a.b = 5; }; expected = 0; };
  getAttrFromPath = { expr = lib.getAttrFromPath [ "a" "b" ] { a.b = 5; }; expected = 5; };
  getAttrFromPathMissing = { expr = lib.getAttrFromPath [ "a" "x" ] { a.b = 5; }; expectedError = true; };
  setAttrByPath = { expr = lib.setAttrByPath [ "a" "b" ] 3; expected = { a = { b = 3; }; }; };
  hasAttrByPath = { expr = [ (lib.hasAttrByPath [ "a" "b" ] { a.b = 1; }) (lib.hasAttrByPath [ "a" "c" ] { a.b = 1; }) ]; expected = [ true false ]; };
  genAttrs = { expr = lib.genAttrs [ "x" "y" ] (n: "v-${n}"); expected = { x = "v-x"; y = "v-y"; }; };
  nameValuePair = { expr = lib.nameValuePair "n" 1; expected = { name = "n"; value = 1; }; };
  listToAttrsFirstWins = { expr = lib.listToAttrs [ (lib.nameValuePair "a" 1) (lib.nameValuePair "a" 2) ]; expected = { a = 1; }; };
  attrNamesValues = { expr = [ (lib.attrNames set) (lib.attrValues set) ]; expected = [ [ "a" "b" "c" ] [ 1 2 3 ] ]; };
  collect = { expr = lib.collect builtins.isInt { a = 1; b = { c = 2; d = "x"; }; }; expected = [ 1 2 ]; };
  foldlAttrs = { expr = lib.foldlAttrs (acc: n: v: acc + v) 0 set; expected = 6; };
  concatMapAttrs = { expr = lib.concatMapAttrs (n: v: { "${n}1" = v; }) { a = 1; b = 2; }; expected = { a1 = 1; b1 = 2; }; };
  isDerivation = { expr = [ (lib.isDerivation pkgs.zlib) (lib.isDerivation { type = "derivation"; }) (lib.isDerivation { }) ]; expected = [ true true false ]; };
  getDevPicksDev = { expr = (lib.getDev pkgs.zlib).outputName; expected = "dev"; };
  getDevFallsBackToOut = { expr = (lib.getDev pkgs.cargo).outputName; expected = "out"; };
  getOutputRespectsChoice = { expr = (lib.getOutput "dev" pkgs.zlib.out).outputName; expected = "out"; };
  getBinGetLib = { expr = [ (lib.getBin pkgs.zlib).outputName (lib.getLib pkgs.zlib).outputName ]; expected = [ "out" "out" ]; };
  getExeMainProgram = { expr = lib.getExe pkgs.python3 == "${pkgs.python3}/bin/python3.12"; expected = true; };
  getExeFallsBackToName = { expr = lib.hasSuffix "/bin/cargo" (lib.getExe pkgs.cargo); expected = true; };
  getExePrime = { expr = lib.getExe' pkgs.cargo "rustfmt" == "${pkgs.cargo}/bin/rustfmt"; expected = true; };
  namespace = { expr = lib.attrsets.filterAttrs (n: _: n == "a") set; expected = { a = 1; }; };
}
