# The user's nixpkgs configuration (~/.config/nixpkgs/config.nix).
{
  # `pkgs` here is the set *below* this layer (prev), so using
  # pkgs.graphviz does not loop.
  packageOverrides = pkgs: {
    # .override calls graphviz's function again with one argument changed.
    graphviz = pkgs.graphviz.override { xlibs = null; };
  };
}
