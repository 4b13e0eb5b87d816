builtins.stringLength (toString /a/b)
