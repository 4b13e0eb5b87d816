builtins.fromJSON ''{ "a": { "b": { "c": { "d": [ [ [ { "e": null } ] ] ] } } } }''
