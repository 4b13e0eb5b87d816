builtins.fromJSON ''[ "\ud83c\udf89", "\u00fc", "tab\there", "\/slash", 123.456e2, -1.5E-3, 1E2 ]''
