# A model of pyproject.nix's `build` attribute set (SEMANTICS §5):
# `build.packages` (the package-set scope) and `build.hacks` (reusing
# nixpkgs packages). `./uv-overlay.nix` is a demo generated overlay.
{
  build = {
    packages = import ./build/packages.nix;
    hacks = import ./build/hacks.nix;
  };
}
