# hacks.nixpkgsPrebuilt: instead of building torch from the lock file,
# reuse nixpkgs' already built torchWithoutCuda. `prev` supplies the
# metadata (the dependencies used to resolve a virtualenv).
final: prev:
let
  pkgs = import <nixpkgs> { };
  hacks = pkgs.callPackage pyproject-nix.build.hacks { };
in
{
  torch = hacks.nixpkgsPrebuilt {
    from = pkgs.python3Packages.torchWithoutCuda;
    # The lock file says torch needs the nvidia-* wheels; nixpkgs' CPU
    # build does not, so we drop them from the dependency list.
    prev = prev.torch.overrideAttrs (old: {
      passthru = old.passthru // {
        dependencies = lib.filterAttrs (name: _: !lib.hasPrefix "nvidia" name)
          old.passthru.dependencies;
      };
    });
  };

  # What a virtualenv with torch would contain: switch this overlay off
  # and the nvidia-* packages come back.
  venvContents = lib.concatStringsSep " "
    (map (d: d.pname) (final.resolveVirtualEnv { torch = [ ]; }));
}
