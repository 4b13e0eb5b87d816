[ ((args@{ ... }: args) { }) ((args@{ ... }: builtins.attrNames args) { x = 1; }) ]
