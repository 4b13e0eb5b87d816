{ lib, pkgs, pyproject-nix, uvOverlay, ... }:
let
  base = pkgs.callPackage pyproject-nix.build.packages { python = pkgs.python3; };
  set = base.overrideScope uvOverlay;
  hacks = pkgs.callPackage pyproject-nix.build.hacks { };
  names = map (d: d.pname);
in
{
  scopeMembers = {
    expr = builtins.all (n: base ? ${n}) [ "python" "pkgs" "stdenv" "pythonPkgsBuildHost" "pythonPkgsHostHost" "resolveBuildSystem" "resolveVirtualEnv" "mkVirtualEnv" "hooks" "pyprojectHook" "pyprojectMakeVenvHook" "pyprojectWheelHook" "callPackage" "newScope" "overrideScope" "packages" ];
    expected = true;
  };
  noPackagesInBareSet = { expr = base ? torch; expected = false; };
  hookCarriesPython = { expr = [ base.pyprojectHook.name (base.pyprojectHook.passthru.python.outPath == pkgs.python3.outPath) ]; expected = [ "pyproject-hook" true ]; };
  resolveBuildSystemNoDedup = {
    expr = names (set.resolveBuildSystem { cffi = [ ]; maturin = [ ]; pycparser = [ ]; setuptools = [ ]; });
    expected = [ "cffi" "pycparser" "maturin" "pycparser" "setuptools" ];
  };
  resolveBuildSystemFallback = { expr = names (set.resolveBuildSystem { }); expected = [ "setuptools" "wheel" ]; };
  resolveBuildSystemBadExtra = { expr = set.resolveBuildSystem { cffi = [ "nope" ]; }; expectedError = true; };
  resolveVirtualEnvExtra = { expr = names (set.resolveVirtualEnv { urllib3 = [ "socks" ]; }); expected = [ "urllib3" "pysocks" ]; };
  resolveVirtualEnvDedup = { expr = names (set.resolveVirtualEnv { torch = [ ]; nvidia-cudnn-cu12 = [ ]; }); expected = [ "nvidia-cudnn-cu12" "torch" "nvidia-cublas-cu12" "filelock" "numpy" ]; };
  resolveVirtualEnvCycle = {
    expr = names ((set.overrideScope (final: prev: { pip = prev.pip.overrideAttrs (old: { passthru = old.passthru // { dependencies.wheel = [ ]; }; }); wheel = prev.wheel.overrideAttrs (old: { passthru = old.passthru // { dependencies.pip = [ ]; }; }); })).resolveVirtualEnv { pip = [ ]; });
    expected = [ "pip" "wheel" ];
  };
  resolveVirtualEnvBadExtra = { expr = set.resolveVirtualEnv { urllib3 = [ "nope" ]; }; expectedError = true; };
  mkVirtualEnv = {
    expr = let v = set.mkVirtualEnv "v" { cffi = [ ]; }; w = v.overrideAttrs { venvSkip = [ "LICENSE" ]; }; in [ v.name w.mkVirtualenvFlags (builtins.length (lib.splitString ":" v.NIX_PYPROJECT_DEPS)) (v.outPath != w.outPath) ];
    expected = [ "v" "--skip LICENSE" 2 true ];
  };
  runtimeDependencyDoesNotChangePath = {
    expr = let s2 = set.overrideScope (final: prev: { pycparser = prev.pycparser.overrideAttrs { patched = true; }; }); in [ (s2.cffi.outPath == set.cffi.outPath) ((s2.mkVirtualEnv "v" { cffi = [ ]; }).outPath != (set.mkVirtualEnv "v" { cffi = [ ]; }).outPath) ];
    expected = [ true true ];
  };
  nixpkgsPrebuiltShape = {
    expr = let t = hacks.nixpkgsPrebuilt { from = pkgs.python3Packages.torchWithoutCuda; prev = set.torch; }; in [ t.name (builtins.attrNames t.passthru.dependencies) ];
    expected = [ "torch-2.4.1" [ "filelock" "numpy" "nvidia-cublas-cu12" "nvidia-cudnn-cu12" ] ];
  };
  nixpkgsPrebuiltDefaultPrev = { expr = (hacks.nixpkgsPrebuilt { from = pkgs.python3Packages.numpy; }).name; expected = "numpy-2.1.2"; };
  nixpkgsPrebuiltNeedsDerivation = { expr = (hacks.nixpkgsPrebuilt { from = { }; }).name; expectedError = true; };
  nixpkgsPrebuiltNoHook = { expr = (hacks.nixpkgsPrebuilt { from = pkgs.python3Packages.numpy; prev = pkgs.cargo.overrideAttrs { nativeBuildInputs = [ pkgs.pkg-config ]; }; }).name; expectedError = true; };
  importCargoLock = {
    expr = let c = hacks.importCargoLock { prev = set.cryptography; }; in [ c.cargoRoot c.src.name (lib.hasSuffix "-unpacked/./Cargo.lock" c.cargoDeps.lockFile) (map (d: d.name) c.nativeBuildInputs) ];
    expected = [ "." "cryptography-43.0.0.tar.gz-unpacked" true [ "pyproject-hook" "cargo-setup-hook-0" "pkg-config-0.29" "cargo-1.80" "rustc-1.80" ] ];
  };
  importCargoLockAbsoluteLockFile = { expr = (hacks.importCargoLock { prev = set.cryptography; lockFile = "/abs/Cargo.lock"; }).cargoDeps.lockFile; expected = "/abs/Cargo.lock"; };
  toNixpkgsNullSelectsGenerated = {
    expr = builtins.attrNames ((hacks.toNixpkgs { pythonSet = set; }) { } { });
    expected = builtins.attrNames (uvOverlay set set);
  };
  toNixpkgsBadType = { expr = (hacks.toNixpkgs { pythonSet = set; packages = 1; }) { } { }; expectedError = true; };
  toNixpkgsWheel = {
    expr = let python = pkgs.python3.override { self = python; packageOverrides = hacks.toNixpkgs { pythonSet = set; packages = [ "cffi" "pycparser" ]; }; }; c = python.pkgs.cffi; in [ c.version c.format c.src.outputName (map (d: d.pname) c.propagatedBuildInputs) ];
    expected = [ "1.17" "wheel" "dist" [ "pycparser" ] ];
  };
}
