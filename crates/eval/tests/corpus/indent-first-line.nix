''foo
  bar
''
