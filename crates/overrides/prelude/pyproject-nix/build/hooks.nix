# Setup-hook models. `pyprojectHook` (named "pyproject-hook") is the one
# every package carries; it records the interpreter in `passthru.python`,
# which `hacks.nixpkgsPrebuilt` reads back.
{
  lib,
  python,
  makeSetupHook,
}:
let
  hook =
    name: extra:
    makeSetupHook (
      {
        inherit name;
        substitutions = {
          pythonInterpreter = python.interpreter;
          pythonSitePackages = python.sitePackages;
        };
      }
      // extra
    ) (builtins.toFile "${name}.sh" "# model of ${name}\n");

  hooks = {
    pyprojectConfigureHook = hook "pyproject-configure-hook" { };
    pyprojectBuildHook = hook "pyproject-build-hook" { };
    pyprojectInstallHook = hook "pyproject-install-hook" { };
    pyprojectOutputSetupHook = hook "pyproject-output-setup-hook" { };
    pyprojectCrossShebangHook = hook "pyproject-cross-shebang-hook" { };
    pyprojectMakeVenvHook = hook "pyproject-make-venv-hook" { };
    pyprojectBuildEditableHook = hook "pyproject-build-editable-hook" { };
    pyprojectFixupEditableHook = hook "pyproject-fixup-editable-hook" { };
    pyprojectInstallDistHook = hook "pyproject-install-dist-hook" { };
    pyprojectPypaInstallHook = hook "pyproject-pypa-install-hook" { };

    pyprojectHook = hook "pyproject-hook" {
      propagatedBuildInputs = [
        hooks.pyprojectConfigureHook
        hooks.pyprojectBuildHook
        hooks.pyprojectInstallHook
        hooks.pyprojectOutputSetupHook
      ];
      passthru = { inherit python; };
    };

    pyprojectWheelHook = hook "pyproject-wheel-hook" {
      propagatedBuildInputs = [
        hooks.pyprojectConfigureHook
        hooks.pyprojectPypaInstallHook
        hooks.pyprojectOutputSetupHook
      ];
      passthru = { inherit python; };
    };

    pyprojectEditableHook = hook "pyproject-editable-hook" {
      propagatedBuildInputs = [
        hooks.pyprojectConfigureHook
        hooks.pyprojectBuildEditableHook
        hooks.pyprojectFixupEditableHook
      ];
      passthru = { inherit python; };
    };

    pyprojectDistHook = hook "pyproject-dist-hook" {
      propagatedBuildInputs = [
        hooks.pyprojectConfigureHook
        hooks.pyprojectBuildHook
        hooks.pyprojectInstallDistHook
      ];
      passthru = { inherit python; };
    };
  };
in
hooks
