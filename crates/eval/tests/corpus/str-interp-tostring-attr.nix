let s = { __toString = self: "I am ${self.name}"; name = "s"; }; in [ "${s}" (toString s) ]
