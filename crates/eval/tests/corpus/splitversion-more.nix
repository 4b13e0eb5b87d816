map builtins.splitVersion [ "1.2-pre3_4" ".." "pre" "1abc2" "-1" "2.0.0-beta.1" ]
