# Suggestions: names within edit distance 2, closest first, at most three.
let pkgs = import <nixpkgs> { }; in
(lib.callPackageWith { abcd = 1; abce = 2; abxy = 3; abcf = 4; zzzz = 5; } ({ abc }: abc) { })
