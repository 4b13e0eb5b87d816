{ a = throw "not forced"; } ? a
