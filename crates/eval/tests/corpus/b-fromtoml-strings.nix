builtins.fromTOML (builtins.concatStringsSep "\n" [
  ''basic = "tab\there \"q\" \u00e9"''
  "literal = 'C:\\path\\no\\escape'"
  ''multi = """''
  "line1"
  ''line2"""''
  "multilit = '''"
  "raw \\n text'''"
  ""
])
