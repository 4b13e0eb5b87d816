[ (builtins.seq 1 2) (builtins.deepSeq [ 1 [ 2 ] ] 3) ]
