# The packages a lock file generated (pyproject.nix / uv2nix style):
# the playground's demo `uvOverlay`, as the first overlay of the stack.
uvOverlay
