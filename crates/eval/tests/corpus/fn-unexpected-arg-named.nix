let myfun = { a }: a; in myfun { a = 1; c = 2; }
