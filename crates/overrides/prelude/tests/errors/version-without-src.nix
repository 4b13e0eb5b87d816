# overrideAttrs setting `version` but not `src` warns (S13's real-nixpkgs note).
let pkgs = import <nixpkgs> { }; in (pkgs.zlib.overrideAttrs { version = "9.9"; }).name
