[ (builtins.stringLength "a\tb") (builtins.substring 1 1 "a\tb") (builtins.replaceStrings [ "\t" ] [ " " ] "a\tb") ]
