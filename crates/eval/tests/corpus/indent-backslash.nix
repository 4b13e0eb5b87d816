''
  back\slash \n no escape
''
