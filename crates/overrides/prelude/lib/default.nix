# The playground's nixpkgs-compatible `lib`.
#
# Entry point: `import ./.` gives the whole library. It is itself an
# extensible fixed point (`lib.extend`), like nixpkgs' lib, so the domain
# files below may refer to each other through `lib`. Every domain keeps its
# own namespace (`lib.attrsets`, `lib.lists`, …) and its members are also
# re-exported at the top level with nixpkgs' names.
let
  fixedPoints = import ./fixed-points.nix { inherit lib; };

  lib = fixedPoints.makeExtensible (
    self:
    let
      load = file: import file { lib = self; };
      trivial = load ./trivial.nix;
      fixedPoints' = load ./fixed-points.nix;
      attrsets = load ./attrsets.nix;
      lists = load ./lists.nix;
      strings = load ./strings.nix;
      customisation = load ./customisation.nix;
      versions = load ./versions.nix;
      debug = load ./debug.nix;
      meta = load ./meta.nix;
    in
    {
      inherit
        trivial
        attrsets
        lists
        strings
        customisation
        versions
        debug
        meta
        ;
      inherit (meta) licenses platforms maintainers;
      fixedPoints = fixedPoints';
    }
    // trivial
    // fixedPoints'
    // attrsets
    // lists
    // strings
    // customisation
    // debug
    // {
      inherit (meta)
        addMetaAttrs
        setPrio
        lowPrio
        hiPrio
        ;
    }
  );
in
lib
