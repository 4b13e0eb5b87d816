let s = { __functor = self: a: b: a * b; }; in s 3 4
