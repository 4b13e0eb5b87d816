[ (builtins.typeOf (./data + "")) (baseNameOf ./data) (builtins.isPath (./data + "/x")) (toString (/a + "b/c")) ]
