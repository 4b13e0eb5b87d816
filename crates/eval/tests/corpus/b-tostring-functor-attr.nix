toString { __toString = s: "custom"; outPath = "ignored"; }
