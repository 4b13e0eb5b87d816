({ a = 1; }.b or (throw "default forced"))
