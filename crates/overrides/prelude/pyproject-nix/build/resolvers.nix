# Dependency resolvers over a package set whose members keep their runtime
# dependencies in `passthru`: `dependencies = { NAME = [ EXTRA … ]; }`,
# `optional-dependencies = { EXTRA = { NAME = [ … ]; }; }` and
# `dependency-groups = { GROUP = { NAME = [ … ]; }; }`.
{ lib }:
let
  # The members of extra or group `extra` of package `name`.
  membersOf =
    set: name: extra:
    let
      pkg = set.${name};
      passthru = pkg.passthru or { };
      extras = passthru.optional-dependencies or { };
      groups = passthru.dependency-groups or { };
    in
    if extras ? ${extra} then
      extras.${extra}
    else if groups ? ${extra} then
      groups.${extra}
    else
      throw "Extra/group name '${extra}' does not match either extra or dependency group in package ${name}";

  dependenciesOf = set: name: (set.${name}.passthru or { }).dependencies or { };
in
{
  # Build systems: depth first, the name, its dependencies, then each
  # requested extra's members; no de-duplication (a cycle recurses
  # forever). An empty spec means setuptools and wheel.
  resolveNonCyclic =
    set: spec:
    let
      expand =
        name: extras:
        [ set.${name} ]
        ++ expandAll (dependenciesOf set name)
        ++ builtins.concatMap (extra: expandAll (membersOf set name extra)) extras;
      expandAll = deps: builtins.concatLists (lib.mapAttrsToList expand deps);
    in
    if spec == { } then
      expandAll {
        setuptools = [ ];
        wheel = [ ];
      }
    else
      expandAll spec;

  # Runtime closure: breadth first with genericClosure over the keys NAME
  # and NAME@EXTRA, so cycles are fine; each package once, in discovery order.
  resolveCyclic =
    set: spec:
    let
      itemsOf =
        deps:
        builtins.concatLists (
          lib.mapAttrsToList (
            name: extras:
            [ { key = name; inherit name; } ]
            ++ map (extra: {
              key = "${name}@${extra}";
              inherit name extra;
            }) extras
          ) deps
        );
      closure = builtins.genericClosure {
        startSet = itemsOf spec;
        operator =
          item:
          if item ? extra then
            itemsOf (membersOf set item.name item.extra)
          else
            itemsOf (dependenciesOf set item.name);
      };
    in
    map (item: set.${item.name}) (builtins.filter (item: !(item ? extra)) closure);
}
