({ a ? 5 }@args: args ? a) { }
