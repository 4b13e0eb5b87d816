let
  fix = f: let x = f x; in x;
in fix (self: (if self.enable then { a = 1; } else { }) // { enable = true; })
