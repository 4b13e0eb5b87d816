{ lib, pkgs, ... }:
{
  hasPrefix = { expr = [ (lib.hasPrefix "foo" "foobar") (lib.hasPrefix "bar" "foobar") ]; expected = [ true false ]; };
  hasSuffix = { expr = [ (lib.hasSuffix "bar" "foobar") (lib.hasSuffix "foobarbaz" "bar") ]; expected = [ true false ]; };
  removePrefix = { expr = [ (lib.removePrefix "foo." "foo.bar") (lib.removePrefix "x" "foo") ]; expected = [ "bar" "foo" ]; };
  removeSuffix = { expr = [ (lib.removeSuffix ".nix" "a.nix") (lib.removeSuffix "x" "foo") ]; expected = [ "a" "foo" ]; };
  concatStringsSep = { expr = lib.concatStringsSep ", " [ "a" "b" ]; expected = "a, b"; };
  concatMapStringsSep = { expr = lib.concatMapStringsSep "-" (x: x + x) [ "a" "b" ]; expected = "aa-bb"; };
  concatStrings = { expr = lib.concatStrings [ "a" "b" ]; expected = "ab"; };
  splitString = { expr = lib.splitString "." "a.b..c"; expected = [ "a" "b" "" "c" ]; };
  splitStringRegexCharacters = { expr = lib.splitString "+" "a+b"; expected = [ "a" "b" ]; };
  toUpperLower = { expr = [ (lib.toUpper "abC1") (lib.toLower "ABc1") ]; expected = [ "ABC1" "abc1" ]; };
  replaceStrings = { expr = lib.replaceStrings [ "a" ] [ "b" ] "banana"; expected = "bbnbnb"; };
  versionOlder = { expr = [ (lib.versionOlder "1.2" "1.10") (lib.versionOlder "1.10" "1.2") (lib.versionOlder "1" "1") ]; expected = [ true false false ]; };
  versionAtLeast = { expr = [ (lib.versionAtLeast "1.10" "1.2") (lib.versionAtLeast "1.2" "1.2") (lib.versionAtLeast "1.1" "1.2") ]; expected = [ true true false ]; };
  getNameVersionString = { expr = [ (lib.getName "hello-2.12") (lib.getVersion "hello-2.12") ]; expected = [ "hello" "2.12" ]; };
  getNameVersionPackage = { expr = [ (lib.getName pkgs.zlib) (lib.getVersion pkgs.zlib) ]; expected = [ "zlib" "1.3" ]; };
  levenshtein = { expr = [ (lib.levenshtein "kitten" "sitting") (lib.levenshtein "" "abc") (lib.levenshtein "same" "same") (lib.levenshtein "grapviz" "graphviz") ]; expected = [ 3 3 0 1 ]; };
  levenshteinAtMost = { expr = [ (lib.strings.levenshteinAtMost 2 "abc" "abd") (lib.strings.levenshteinAtMost 2 "a" "abcd") ]; expected = [ true false ]; };
  sanitizeDerivationName = {
    expr = [ (lib.sanitizeDerivationName "../hello.bar # foo") (lib.sanitizeDerivationName "") (lib.sanitizeDerivationName "ok-1.0") ];
    expected = [ "-hello.bar-foo" "unknown" "ok-1.0" ];
  };
  sanitizeDerivationNameLong = { expr = builtins.stringLength (lib.sanitizeDerivationName (lib.concatStrings (builtins.genList (_: "ab") 150))); expected = 207; };
  escapeShellArg = { expr = [ (lib.escapeShellArg "safe/path-1.0") (lib.escapeShellArg "it's") (lib.escapeShellArg "a b") ]; expected = [ "safe/path-1.0" "'it'\\''s'" "'a b'" ]; };
  escapeShellArgs = { expr = lib.escapeShellArgs [ "a" "b c" ]; expected = "a 'b c'"; };
  optionalString = { expr = [ (lib.optionalString true "x") (lib.optionalString false "x") ]; expected = [ "x" "" ]; };
  stringToCharacters = { expr = lib.stringToCharacters "abc"; expected = [ "a" "b" "c" ]; };
  hasInfix = { expr = [ (lib.hasInfix "b.c" "ab.cd") (lib.hasInfix "x" "abc") ]; expected = [ true false ]; };
  namespace = { expr = lib.strings.hasPrefix "a" "ab"; expected = true; };
}
