[ 1 (throw "compared") ] == [ 1 2 ]
