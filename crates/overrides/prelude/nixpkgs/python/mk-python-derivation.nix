# buildPythonPackage: a mkDerivation package named
# `python3.12-PNAME-VERSION`, tagged with `pythonModule`, with
# `overridePythonAttrs` re-calling it with changed arguments. Changes made
# with `overrideAttrs` are recorded and re-applied after any later
# `overridePythonAttrs`, so the latter always act first.
{
  lib,
  stdenv,
  python,
}:
let
  notForMkDerivation = [
    "dependencies"
    "build-system"
    "optional-dependencies"
    "disabled"
    "pyproject"
  ];

  mkPythonDerivation =
    attrs:
    stdenv.mkDerivation (
      finalAttrs:
      builtins.removeAttrs attrs notForMkDerivation
      // {
        name = "python${python.pythonVersion}-${finalAttrs.pname}-${finalAttrs.version}";
        nativeBuildInputs = [ python ] ++ (attrs.build-system or [ ]) ++ (attrs.nativeBuildInputs or [ ]);
        propagatedBuildInputs = (attrs.dependencies or [ ]) ++ (attrs.propagatedBuildInputs or [ ]);
        passthru = {
          pythonModule = python;
          optional-dependencies = attrs.optional-dependencies or { };
        }
        // (attrs.passthru or { });
      }
    );

  overridablePython =
    f: recorded:
    let
      result = f recorded;
    in
    if builtins.isAttrs result then
      result
      // {
        overridePythonAttrs =
          newArgs:
          overridablePython f (recorded // (if lib.isFunction newArgs then newArgs recorded else newArgs));
        overrideAttrs = changes: overridablePython (args: (f args).overrideAttrs changes) recorded;
      }
    else
      result;
in
overridablePython mkPythonDerivation
