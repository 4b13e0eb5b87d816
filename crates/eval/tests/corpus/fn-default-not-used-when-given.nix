({ a ? throw "default" }: a) { a = 7; }
