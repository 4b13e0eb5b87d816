builtins.fromTOML ''
  title = "TOML"
  int = 42
  neg = -17
  flt = 3.5
  bool = true
  arr = [ 1, 2, 3 ]
  strs = [ "a", 'b' ]
  inline = { x = 1, y = "z" }
  "quoted key" = "v"
  [table]
  key = "value"
  [table.sub]
  deep = true
  [[items]]
  name = "first"
  [[items]]
  name = "second"
''
