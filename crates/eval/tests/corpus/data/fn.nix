{ a, b ? a * 10 }: { inherit a b; sum = a + b; }
