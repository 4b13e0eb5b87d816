rec { inherit (builtins) length; n = length [ 1 2 3 ]; }
