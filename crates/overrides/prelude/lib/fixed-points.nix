# Fixed points and extensions (overlays).
#
# Vocabulary: a fixed-point function `F` maps the finished set (`final`) to
# a set; an extension `g` maps `final` and the set below it (`prev`) to the
# attributes it changes. Layering is shallow `//`, so the attribute *names*
# a layer returns must never depend on `final`.
{ lib }:
let
  fix =
    f:
    let
      x = f x;
    in
    x;

  # As `fix`, but the result (and what `f` sees) also carries `__unfix__ = f`.
  fix' =
    f:
    let
      x = f x // {
        __unfix__ = f;
      };
    in
    x;

  extends =
    g: f: final:
    let
      prev = f final;
    in
    prev // g final prev;

  composeExtensions =
    lower: upper: final: prev:
    let
      lowerChanges = lower final prev;
      upperChanges = upper final (prev // lowerChanges);
    in
    lowerChanges // upperChanges;

  identityExtension = _: _: { };

  # Folds from the right: earlier list elements sit below later ones.
  composeManyExtensions =
    extensions:
    let
      count = builtins.length extensions;
      from =
        i: if i == count then identityExtension else composeExtensions (builtins.elemAt extensions i) (from (i + 1));
    in
    from 0;

  # Iterates `f` from `x` until two successive values are equal.
  converge =
    f: x:
    let
      next = f x;
    in
    if next == x then x else converge f next;

  makeExtensibleWithCustomName =
    extenderName: rattrs:
    fix' (
      self:
      rattrs self
      // {
        ${extenderName} = g: makeExtensibleWithCustomName extenderName (extends g rattrs);
      }
    );
in
{
  inherit
    fix
    fix'
    extends
    composeExtensions
    composeManyExtensions
    makeExtensibleWithCustomName
    converge
    ;


  makeExtensible = makeExtensibleWithCustomName "extend";

  # Normalises the three shapes `overrideAttrs` accepts into an extension:
  # a set, `prev: set` and `final: prev: set`. A function is probed with
  # `prev`; if that returns another function it took two arguments.
  toExtension =
    v:
    if lib.trivial.isFunction v then
      final: prev:
      let
        probed = v prev;
      in
      if lib.trivial.isFunction probed then v final prev else probed
    else
      _: _: v;
}
