(import <nixpkgs> { }).rustPlatform.cargoSetupHook.override { }
