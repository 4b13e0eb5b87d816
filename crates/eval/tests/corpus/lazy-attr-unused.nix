(rec { a = 1; b = throw "x"; }).a
