{ lib, pkgs, ... }:
let
  inherit (pkgs) stdenv;
  p = stdenv.mkDerivation { pname = "p"; version = "1"; flags = [ "a" ]; };
in
{
  layerNames = { expr = builtins.all (n: pkgs ? ${n}) [ "lib" "stdenv" "callPackage" "newScope" "pkgs" "extend" "appendOverlays" "pythonPackagesExtensions" "xlibs" "python" "zlib" "graphviz" "asciidoc" "asciidocFull" "python3" "python3Packages" "cargo" "rustc" "pkg-config" "openssl" "autoPatchelfHook" "rustPlatform" "runCommand" "writeText" "makeSetupHook" "buildPackages" "config" ]; expected = true; };
  pkgsIsFinal = { expr = (import ../nixpkgs { overlays = [ (final: prev: { marker = 1; }) ]; }).pkgs.marker; expected = 1; };
  configFunctionGetsFinalPkgs = {
    expr = (import ../nixpkgs { config = { pkgs, ... }: { packageOverrides = prev: { seen = pkgs.zlib.name; }; }; }).seen;
    expected = "zlib-1.3";
  };
  overlaysMustBeAList = { expr = (import ../nixpkgs { overlays = 1; }).zlib; expectedError = true; };
  overlaysMustBeFunctions = { expr = (import ../nixpkgs { overlays = [ 1 ]; }).zlib; expectedError = true; };
  appendOverlaysEmptyIsSame = { expr = (pkgs.appendOverlays [ ]).zlib.outPath == pkgs.zlib.outPath; expected = true; };
  extendKeepsConfig = {
    expr = let base = import ../nixpkgs { config.packageOverrides = prev: { tag = "po"; }; }; in (base.extend (final: prev: { tag = prev.tag + "+ext"; })).tag;
    expected = "po+ext";
  };
  stdenvOverridesBringZlibForward = {
    expr = (import ../nixpkgs { overlays = [ (final: prev: { zlib = prev.zlib.overrideAttrs { version = "9"; __intentionallyOverridingVersion = true; }; }) ]; }).zlib.version;
    expected = "1.3";
  };
  callPackageAutoFillsFromFinal = {
    expr = let ps = import ../nixpkgs { overlays = [ (final: prev: { xlibs = prev.xlibs.overrideAttrs { version = "8"; __intentionallyOverridingVersion = true; }; }) ]; }; in (builtins.head ps.graphviz.buildInputs).version;
    expected = "8";
  };
  graphvizOverrideXlibsNull = { expr = (pkgs.graphviz.override { xlibs = null; }).buildInputs; expected = [ ]; };
  nameFromPnameVersion = { expr = p.name; expected = "p-1"; };
  explicitName = { expr = (stdenv.mkDerivation { name = "given"; }).name; expected = "given"; };
  versionNullIsAnError = { expr = (stdenv.mkDerivation { pname = "x"; version = null; }).name; expectedError = true; };
  passthruNotInDerivation = {
    expr = let q = stdenv.mkDerivation { pname = "q"; version = "1"; passthru.t = 1; meta.description = "d"; }; in [ q.t (q.drvAttrs ? t) (q.drvAttrs ? passthru) (q.drvAttrs ? meta) q.meta.description ];
    expected = [ 1 false false false "d" ];
  };
  passthruCannotChangePaths = {
    expr = let q = stdenv.mkDerivation { pname = "q"; version = "1"; passthru.outPath = "nope"; }; in lib.hasPrefix builtins.storeDir q.outPath;
    expected = true;
  };
  dependencyListsFlattenAndUseDev = {
    expr = map (d: if d == null then null else d.outputName) (stdenv.mkDerivation { pname = "q"; version = "1"; buildInputs = [ [ pkgs.zlib ] null [ [ pkgs.cargo ] ] ]; }).buildInputs;
    expected = [ "dev" null "out" ];
  };
  dependencyBadType = { expr = (stdenv.mkDerivation { pname = "q"; version = "1"; buildInputs = [ 1 ]; }).drvPath; expectedError = true; };
  ignoreNullsDropsFromDerivation = {
    expr = let a = stdenv.mkDerivation { pname = "q"; version = "1"; }; b = stdenv.mkDerivation { pname = "q"; version = "1"; extra = null; }; in [ (a.outPath == b.outPath) b.extra ];
    expected = [ true null ];
  };
  outputsAndAll = {
    expr = [ pkgs.zlib.outputs pkgs.zlib.dev.outputName (map (o: o.outputName) pkgs.zlib.all) (pkgs.zlib.dev.outPath != pkgs.zlib.outPath) ];
    expected = [ [ "out" "dev" ] "dev" [ "out" "dev" ] true ];
  };
  perOutputOverrideAttrs = { expr = (pkgs.zlib.dev.overrideAttrs (old: { x = 1; })).outputName; expected = "dev"; };
  envBecomesTopLevel = {
    expr = (stdenv.mkDerivation { pname = "q"; version = "1"; env.FOO = "bar"; }).drvAttrs.FOO;
    expected = "bar";
  };
  overrideAttrsShapes = {
    expr = [ (p.overrideAttrs { flags = [ "z" ]; }).flags (p.overrideAttrs (old: { flags = old.flags ++ [ "b" ]; })).flags (p.overrideAttrs (final: prev: { n = builtins.length final.flags; })).n ];
    expected = [ [ "z" ] [ "a" "b" ] 1 ];
  };
  overrideAttrsChangesName = { expr = (p.overrideAttrs { version = "2"; __intentionallyOverridingVersion = true; }).name; expected = "p-2"; };
  overrideAttrsRemovesMarker = { expr = (p.overrideAttrs { version = "2"; __intentionallyOverridingVersion = true; }) ? __intentionallyOverridingVersion; expected = false; };
  finalPackageIsTheResult = {
    expr = let q = stdenv.mkDerivation (fa: { pname = "q"; version = "1"; passthru.self = fa.finalPackage; }); r = q.overrideAttrs { flag = 1; }; in [ (q.self.outPath == q.outPath) (r.self.outPath == r.outPath) ];
    expected = [ true true ];
  };
  runCommandAndWriteText = { expr = [ (pkgs.runCommand "rc" { } "touch $out").name (pkgs.writeText "wt" "hello").name ]; expected = [ "rc" "wt" ]; };
  makeSetupHookPassthru = { expr = (pkgs.makeSetupHook { name = "h"; passthru.k = 1; } (builtins.toFile "h.sh" "")).k; expected = 1; };
  pythonAttributes = {
    expr = with pkgs.python3; [ pythonVersion sitePackages (lib.hasSuffix "/bin/python3.12" interpreter) (pythonOnBuildForHost.outPath == outPath) pkgs.python.pythonVersion ];
    expected = [ "3.12" "lib/python3.12/site-packages" true true "3.12" ];
  };
  pythonPackageShape = {
    expr = let u = pkgs.python3Packages.urllib3; in [ u.name (u.pythonModule.outPath == pkgs.python3.outPath) (u ? override) (u ? overridePythonAttrs) ];
    expected = [ "python3.12-urllib3-2.2.0" true true true ];
  };
  overridePythonAttrsBeforeOverrideAttrs = {
    expr = let u = pkgs.python3Packages.urllib3; r = (u.overrideAttrs (old: { tag = "${old.version}-attrs"; })).overridePythonAttrs { version = "3.0"; }; in r.tag;
    expected = "3.0-attrs";
  };
  torchWithoutCuda = { expr = with pkgs.python3Packages; [ torchWithoutCuda.name torch.cudaSupport torchWithoutCuda.cudaSupport ]; expected = [ "python3.12-torch-2.4.1" true false ]; };
  rustPlatform = { expr = [ pkgs.rustPlatform.cargoSetupHook.name (pkgs.rustPlatform.importCargoLock { lockFile = "/x/Cargo.lock"; }).lockFile ]; expected = [ "cargo-setup-hook-0" "/x/Cargo.lock" ]; };
  checkInputsOnlyWithChecks = {
    expr = let mk = doCheck: (stdenv.mkDerivation { pname = "c"; version = "1"; inherit doCheck; nativeCheckInputs = [ pkgs.cargo ]; }).nativeBuildInputs or [ ]; in [ (map (d: d.name) (mk true)) (mk false) ];
    expected = [ [ "cargo-1.80" ] [ ] ];
  };
  importCargoLockFlagsImportFromDerivation = {
    expr = [ (pkgs.rustPlatform.importCargoLock { lockFile = "${pkgs.zlib}/Cargo.lock"; }).requiresImportFromDerivation (pkgs.rustPlatform.importCargoLock { lockFile = "/abs/Cargo.lock"; }).requiresImportFromDerivation ];
    expected = [ true false ];
  };
  pythonSetMergedWithSlashSlashIsTheWrongTool = {
    expr =
      let
        ps = import ../nixpkgs { overlays = [ (final: prev: { python3Packages = prev.python3Packages // { urllib3 = prev.python3Packages.urllib3.overrideAttrs { version = "5"; __intentionallyOverridingVersion = true; }; }; }) ]; };
      in
      [ ps.python3Packages.urllib3.version (builtins.head ps.python3Packages.requests.propagatedBuildInputs).version ps.python3.pkgs.urllib3.version ];
    expected = [ "5" "2.2.0" "2.2.0" ];
  };
  extendTwiceStacks = {
    expr = ((pkgs.extend (final: prev: { n = 1; })).extend (final: prev: { n = prev.n + 1; })).n;
    expected = 2;
  };
  packageOverridesRebuildsDependantsOnly = {
    expr =
      let
        ps = import ../nixpkgs { config.packageOverrides = p: { graphviz = p.graphviz.override { xlibs = null; }; }; };
      in
      [ (ps.asciidocFull.outPath != pkgs.asciidocFull.outPath) (ps.asciidoc.outPath == pkgs.asciidoc.outPath) (ps.xlibs.outPath == pkgs.xlibs.outPath) ];
    expected = [ true true true ];
  };
}
