# The names the playground binds around every expression (besides
# `<nixpkgs>`, which resolves to ./nixpkgs).
{
  lib = import ./lib;
  pyproject-nix = import ./pyproject-nix;
  uvOverlay = import ./pyproject-nix/uv-overlay.nix;
}
