[ (toString 1.0e-7) (toString 123456.789) (toString 0.0000005) (toString (0.0 - 0.0000004)) (toString 1.0e15) ]
