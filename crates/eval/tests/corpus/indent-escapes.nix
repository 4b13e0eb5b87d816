''
  a '''quoted'''
  ''${not interp}
  ''\n is newline: ''\t tab
  $ dollar and $${x}
''
