with (throw "looked up"); x
