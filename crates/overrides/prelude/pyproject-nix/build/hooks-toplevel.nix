# The hooks, re-exported at the top of the scope under their own names.
final: {
  inherit (final.hooks)
    pyprojectHook
    pyprojectConfigureHook
    pyprojectBuildHook
    pyprojectInstallHook
    pyprojectOutputSetupHook
    pyprojectCrossShebangHook
    pyprojectMakeVenvHook
    pyprojectWheelHook
    pyprojectBuildEditableHook
    pyprojectFixupEditableHook
    pyprojectEditableHook
    pyprojectInstallDistHook
    pyprojectDistHook
    pyprojectPypaInstallHook
    ;
}
