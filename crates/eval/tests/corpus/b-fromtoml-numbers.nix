builtins.fromTOML ''
  hex = 0xff
  oct = 0o17
  bin = 0b101
  under = 1_000
  exp = 1e3
  negf = -0.5
  plus = +5
''
