''
  it's a 'quote' and '''
''
