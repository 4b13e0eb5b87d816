(import <nixpkgs> { overlays = final: prev: { }; }).zlib
