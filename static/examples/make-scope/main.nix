# makeScope and overrideScope: a package set of its own, with its own
# fixed point, nested inside nixpkgs (like python3Packages).
let
  pkgs = import <nixpkgs> { };

  # self is the scope's final set; callPackage fills arguments from the
  # scope first, then from pkgs.
  myScope = lib.makeScope pkgs.newScope (self: {
    greeting = "hello";
    message = "${self.greeting}, world";
    tool = self.callPackage ({ stdenv, greeting }: stdenv.mkDerivation {
      pname = "tool";
      version = "1";
      inherit greeting;
    }) { };
  });

  # overrideScope adds an overlay (final: prev: ...) to the scope. Every
  # member that reads greeting through the scope follows, tool included.
  # Writing `myScope // { greeting = ...; }` instead would change only
  # the greeting attribute itself: message and tool would not see it.
  friendlier = myScope.overrideScope (final: prev: {
    greeting = "hi";
  });
in
{
  inherit myScope friendlier;
  messages = [ myScope.message friendlier.message ];
  toolRebuilt = myScope.tool.outPath != friendlier.tool.outPath;
  shallow = (myScope // { greeting = "hi"; }).message;
}
