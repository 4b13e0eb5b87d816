[ (toString /a/b) (toString /.) ("${toString /a}/c") ]
