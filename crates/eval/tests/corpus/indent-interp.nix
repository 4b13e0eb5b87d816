let x = "X"; y = "line1\nline2"; in ''
  a ${x} b
    ${y}
  c
''
