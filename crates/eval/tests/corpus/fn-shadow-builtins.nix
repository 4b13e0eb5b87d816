let map = x: "shadowed ${x}"; in map "y"
