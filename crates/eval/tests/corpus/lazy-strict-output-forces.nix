{ a = 1; b = { c = throw "forced by --strict"; }; }
