# runCommand, writeText, makeSetupHook and friends, over the model stdenv.
{ lib, stdenv }:
let
  runCommand =
    name: env: buildCommand:
    stdenv.mkDerivation (
      {
        inherit name buildCommand;
        passAsFile = [ "buildCommand" ];
      }
      // env
    );
in
{
  inherit runCommand;

  runCommandLocal =
    name: env:
    runCommand name (
      {
        preferLocalBuild = true;
        allowSubstitutes = false;
      }
      // env
    );

  writeText =
    name: text:
    runCommand name {
      inherit text;
      passAsFile = [ "text" ];
    } "cp \"$textPath\" \"$out\"";

  writeShellScript =
    name: text:
    runCommand name {
      text = "#!${stdenv.shell}\n${text}";
      passAsFile = [ "text" ];
    } "cp \"$textPath\" \"$out\" && chmod +x \"$out\"";

  # A package whose only content is `nix-support/setup-hook`; `deps` and
  # `propagatedBuildInputs` are propagated to whoever uses the hook.
  makeSetupHook =
    {
      name ? "hook",
      deps ? [ ],
      propagatedBuildInputs ? [ ],
      substitutions ? { },
      passthru ? { },
      meta ? { },
    }:
    script:
    runCommand name (
      substitutions
      // {
        inherit meta;
        propagatedBuildInputs = lib.toList deps ++ propagatedBuildInputs;
        strictDeps = true;
        passthru = passthru // {
          provides.setupHook = true;
        };
      }
    ) "mkdir -p $out/nix-support && substituteAll ${script} $out/nix-support/setup-hook";

  replaceVars =
    src: replacements:
    stdenv.mkDerivation {
      name = baseNameOf (toString src);
      inherit src replacements;
      doCheck = true;
      buildCommand = "substitute $src $out";
    };
}
