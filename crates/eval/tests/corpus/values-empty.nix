{ list = [ ]; set = { }; str = ""; }
