builtins.functionArgs { __functor = self: { x, y ? 2 }: x; }
