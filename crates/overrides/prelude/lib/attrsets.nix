# Attribute sets: construction, traversal, paths, and derivation outputs.
{ lib }:
let
  inherit (builtins)
    attrNames
    attrValues
    hasAttr
    getAttr
    isAttrs
    length
    elemAt
    ;

  nameValuePair = name: value: { inherit name value; };

  mapAttrs' = f: set: builtins.listToAttrs (map (name: f name set.${name}) (attrNames set));

  mapAttrsToList = f: set: map (name: f name set.${name}) (attrNames set);

  filterAttrs =
    pred: set:
    builtins.listToAttrs (
      builtins.concatMap (
        name:
        let
          value = set.${name};
        in
        if pred name value then [ (nameValuePair name value) ] else [ ]
      ) (attrNames set)
    );

  # Follows `path` (a list of names) into `set`; `default` if any step is missing.
  attrByPath =
    path: default: set:
    let
      walk =
        i: current:
        if i == length path then
          current
        else
          let
            name = elemAt path i;
          in
          if isAttrs current && current ? ${name} then walk (i + 1) current.${name} else default;
    in
    walk 0 set;

  hasAttrByPath =
    path: set:
    let
      walk =
        i: current:
        i == length path
        || (
          let
            name = elemAt path i;
          in
          isAttrs current && current ? ${name} && walk (i + 1) current.${name}
        );
    in
    walk 0 set;

  setAttrByPath =
    path: value:
    let
      build =
        i: if i == length path then value else { ${elemAt path i} = build (i + 1); };
    in
    build 0;

  getAttrFromPath =
    path: set:
    let
      missing = throw "cannot find attribute '${builtins.concatStringsSep "." path}'";
    in
    attrByPath path missing set;

  # Merges recursively while `pred path lhs rhs` is false and both sides are sets.
  recursiveUpdateUntil =
    pred: lhs: rhs:
    let
      merge =
        path: l: r:
        builtins.zipAttrsWith (
          name: values:
          let
            here = path ++ [ name ];
          in
          if length values == 1 then
            elemAt values 0
          else
            let
              left = elemAt values 1;
              right = elemAt values 0;
            in
            if isAttrs left && isAttrs right && !(pred here left right) then
              merge here left right
            else
              right
        ) [ r l ];
    in
    merge [ ] lhs rhs;

  isDerivation = value: (value.type or null) == "derivation";

  # The output `name` of a package unless a specific output was already chosen.
  getOutput =
    name: pkg:
    if !(pkg ? outputSpecified) || !pkg.outputSpecified then pkg.${name} or pkg.out or pkg else pkg;

  getBin = getOutput "bin";

  mainProgramOf =
    pkg:
    pkg.meta.mainProgram or (lib.trivial.warn
      "getExe: Package ${
        lib.strings.escapeNixIdentifier (lib.strings.getName pkg)
      } does not have the meta.mainProgram attribute. Add `meta.mainProgram` to the package, or use `lib.getExe'` to name the program explicitly."
      (lib.strings.getName pkg)
    );

  getExe' =
    pkg: program:
    assert lib.debug.assertMsg (isDerivation pkg) "getExe': the first argument must be a derivation";
    assert lib.debug.assertMsg (
      builtins.isString program && builtins.match ".*/.*" program == null
    ) "getExe': the program name must be a plain file name";
    "${getBin pkg}/bin/${program}";
in
{
  inherit
    nameValuePair
    mapAttrs'
    mapAttrsToList
    filterAttrs
    attrByPath
    hasAttrByPath
    setAttrByPath
    getAttrFromPath
    recursiveUpdateUntil
    isDerivation
    getOutput
    getBin
    getExe'
    ;
  inherit (builtins)
    attrNames
    attrValues
    listToAttrs
    hasAttr
    getAttr
    catAttrs
    intersectAttrs
    removeAttrs
    mapAttrs
    zipAttrsWith
    ;

  optionalAttrs = cond: set: if cond then set else { };

  genAttrs = names: f: builtins.listToAttrs (map (name: nameValuePair name (f name)) names);

  recursiveUpdate = recursiveUpdateUntil (_: _: _: false);

  attrVals = names: set: map (name: set.${name}) names;

  zipAttrs = builtins.zipAttrsWith (_: values: values);

  concatMapAttrs = f: set: builtins.foldl' (acc: attrs: acc // attrs) { } (mapAttrsToList f set);

  mergeAttrsList = builtins.foldl' (acc: attrs: acc // attrs) { };

  foldlAttrs =
    f: init: set:
    builtins.foldl' (acc: name: f acc name set.${name}) init (attrNames set);

  mapAttrsRecursive =
    f: set:
    let
      go =
        path: value:
        if isAttrs value && !(isDerivation value) then
          builtins.mapAttrs (name: go (path ++ [ name ])) value
        else
          f path value;
    in
    builtins.mapAttrs (name: go [ name ]) set;

  # All values (depth first) satisfying `pred`, not descending into matches.
  collect =
    pred: value:
    if pred value then
      [ value ]
    else if isAttrs value then
      builtins.concatMap (lib.attrsets.collect pred) (attrValues value)
    else
      [ ];

  filterAttrsRecursive =
    pred: set:
    builtins.listToAttrs (
      builtins.concatMap (
        name:
        let
          value = set.${name};
        in
        if pred name value then
          [ (nameValuePair name (if isAttrs value then lib.attrsets.filterAttrsRecursive pred value else value)) ]
        else
          [ ]
      ) (attrNames set)
    );

  getLib = getOutput "lib";
  getDev = getOutput "dev";
  getMan = getOutput "man";
  getOut = getOutput "out";

  getExe = pkg: getExe' pkg (mainProgramOf pkg);

  # Merges two sets that must not share any name.
  unionOfDisjoint =
    a: b:
    let
      shared = builtins.attrNames (builtins.intersectAttrs a b);
    in
    if shared == [ ] then a // b else throw "unionOfDisjoint: collision on ${builtins.concatStringsSep ", " shared}";
}
