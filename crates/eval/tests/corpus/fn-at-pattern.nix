[ (({ a, b ? 1 }@args: args) { a = 1; }) ((args@{ a, ... }: args) { a = 1; z = 2; }) ]
