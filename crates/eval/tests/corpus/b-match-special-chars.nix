[ (builtins.match "[$][{]([^}]*)[}]" "\${var}") (builtins.match "[.]" ".") (builtins.match "a{2,3}" "aaa") (builtins.match "a+?" "aa") ]
