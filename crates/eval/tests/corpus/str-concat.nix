[ ("a" + "b") ("" + "") ("x" + toString 1) ("multi" + "ple" + " parts") ]
