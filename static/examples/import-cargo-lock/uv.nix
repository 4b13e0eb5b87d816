# The generated package set (the playground's demo `uvOverlay`).
uvOverlay
