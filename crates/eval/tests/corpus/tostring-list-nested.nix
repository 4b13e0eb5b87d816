[ (toString [ [ 1 2 ] [ ] [ [ "x" ] ] ]) (toString [ null null ]) (toString [ true false ]) ]
