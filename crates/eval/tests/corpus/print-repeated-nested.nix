let s = { a = 1; }; l = [ s ]; in { x = l; y = l; z = s; w = [ l s ]; }
