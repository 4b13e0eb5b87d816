let fix = f: let x = f x; in x; in fix (self: { a = if self ? a then "a" else "b"; })
