let a = { b = "c"; }; in "${a.b} and ${a."b"} and ${toString [ 1 2 ]}"
