{ a = throw "inside"; }.a or "default"
