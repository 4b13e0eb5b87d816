[ http://example.com/x?y=1 (builtins.typeOf https://nixos.org) ]
