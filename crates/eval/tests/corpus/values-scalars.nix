[ null true false 0 1 (-1) 42 "" "abc" ]
