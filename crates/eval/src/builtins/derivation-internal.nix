# `derivation`, as the Fixpoint evaluator defines it.
#
# The primop `derivationStrict` does the real work: it coerces every
# argument, computes the `.drv` path and the output paths, and returns
# `{ drvPath = …; <output> = …; }`. This function gives users the familiar
# lazy value around it: the arguments they passed, and for each output a
# set with `outPath`, `drvPath`, `outputName` and `type = "derivation"`.
# All outputs share the same attributes (`commonAttrs`), so `drv.dev.out`
# works, and `all` lists the output sets in `outputs` order. Nothing is
# hashed until a path is actually needed: `(derivation { … }).name` is
# cheap.
#
# The layout below is deliberate: current Nix reports errors at line 36
# (the call of `derivationStrict`) and at lines 48 to 50 (`outPath`,
# `drvPath`) of its own file of this name, and error traces should point
# at the same places.
#
# `strict` below is forced the first time a store path is needed.
#
#
#
#
#
#
#
#
#
drvAttrs@{
  outputs ? [ "out" ],
  ...
}:

let


  strict = derivationStrict drvAttrs;

  commonAttrs =
    drvAttrs
    // (builtins.listToAttrs outputsList)
    // {
      all = map (output: output.value) outputsList;
      inherit drvAttrs;
    };

  outputToAttrListElement = outputName: {
    name = outputName;
    value = commonAttrs // {
      outPath = strict.${outputName};
      drvPath = strict.drvPath;
      type = "derivation";
      inherit outputName;
    };
  };

  outputsList = map outputToAttrListElement outputs;

in
(builtins.head outputsList).value
