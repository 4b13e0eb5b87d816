# Pre-23.11 code (`prev: final:`) on today's `overrideScope` (`final: prev:`):
# the names swap, so "prev.a" is really final.a — a cycle (SEMANTICS §2.11).
let
  scope = lib.makeScope (lib.callPackageWith { }) (self: { a = 1; b = self.a + 1; });
in (scope.overrideScope (prev: final: { a = prev.a + 1; })).b
