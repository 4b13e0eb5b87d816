let true = false; in if true then "a" else "b"
