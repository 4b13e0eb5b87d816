let s = { __functor = self: x: x + self.n; n = 10; }; in [ (s 5) (builtins.isFunction s) (builtins.isAttrs s) ]
