[ (toString 1.5) (toString 0.1) (toString 100.0) (toString 1.0e20) (toString (1 / 3.0)) (toString (-2.25)) ]
