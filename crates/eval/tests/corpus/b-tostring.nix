[ (toString 1) (toString true) (toString false) (toString null) (toString [ 1 "a" [ 2 ] null ]) (toString "s") (toString /a/b) (toString { outPath = "/o"; }) (toString [ ]) ]
