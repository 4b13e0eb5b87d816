{ lib, ... }:
let
  base = final: {
    a = 1;
    b = final.a + 2;
  };
in
{
  fixList = {
    expr = lib.fix (self: [
      1
      2
      (builtins.elemAt self 0 + builtins.elemAt self 1)
    ]);
    expected = [
      1
      2
      3
    ];
  };
  fixSet = {
    expr = lib.fix (self: {
      a = 3;
      b = self.a + 1;
    });
    expected = {
      a = 3;
      b = 4;
    };
  };
  fixPrimeHasUnfix = {
    expr =
      let
        r = lib.fix' (self: {
          seen = self ? __unfix__;
          x = 1;
        });
      in
      [
        r.seen
        (r.__unfix__ { }).x
      ];
    expected = [
      true
      1
    ];
  };
  converge = {
    expr = lib.converge (x: x / 2) 16;
    expected = 0;
  };
  extendsPrev = {
    expr = lib.fix (lib.extends (final: prev: { a = prev.a + 10; }) base);
    expected = {
      a = 11;
      b = 13;
    };
  };
  extendsFinal = {
    expr = lib.fix (lib.extends (final: prev: { b = final.a + 5; }) base);
    expected = {
      a = 1;
      b = 6;
    };
  };
  extendsAdd = {
    expr = lib.fix (lib.extends (final: prev: { c = final.a + final.b; }) base);
    expected = {
      a = 1;
      b = 3;
      c = 4;
    };
  };
  composeManyExtensionsDocExample = {
    expr = lib.fix (
      lib.extends (lib.composeManyExtensions [
        (final: prev: {
          b = final.c;
          c = 3;
        })
        (final: prev: {
          c = 10;
          x = prev.c or 5;
        })
      ]) (final: { a = 1; })
    );
    expected = {
      a = 1;
      b = 10;
      c = 10;
      x = 3;
    };
  };
  composeManyExtensionsEmpty = {
    expr = lib.fix (lib.extends (lib.composeManyExtensions [ ]) base);
    expected = {
      a = 1;
      b = 3;
    };
  };
  composeExtensionsUpperWins = {
    expr = lib.fix (
      lib.extends (lib.composeExtensions (final: prev: {
        a = 5;
        seen = prev.a;
      }) (final: prev: { a = prev.a * 2; })) base
    );
    expected = {
      a = 10;
      b = 12;
      seen = 1;
    };
  };
  composeManyExtensionsAssociative = {
    expr =
      let
        f = final: prev: { x = (prev.x or "") + "f"; };
        g = final: prev: { x = prev.x + "g"; };
        h = final: prev: { x = prev.x + "h"; };
        run = ext: (lib.fix (lib.extends ext (_: { }))).x;
      in
      [
        (run (lib.composeManyExtensions [
          f
          g
          h
        ]))
        (run (lib.composeExtensions f (lib.composeExtensions g h)))
      ];
    expected = [
      "fgh"
      "fgh"
    ];
  };
  toExtensionSet = {
    expr = lib.fix (
      lib.extends (lib.toExtension {
        a = 1;
        b = 2;
      }) (final: {
        a = 0;
        c = final.a;
      })
    );
    expected = {
      a = 1;
      b = 2;
      c = 1;
    };
  };
  toExtensionOneArgument = {
    expr = lib.fix (
      lib.extends (lib.toExtension (prev: {
        a = 1;
        b = prev.a;
      })) (final: {
        a = 0;
        c = final.a;
      })
    );
    expected = {
      a = 1;
      b = 0;
      c = 1;
    };
  };
  toExtensionTwoArguments = {
    expr = lib.fix (
      lib.extends (lib.toExtension (final: prev: {
        a = 1;
        b = prev.a;
        c = final.a + 1;
      })) (final: {
        a = 0;
        c = final.a;
      })
    );
    expected = {
      a = 1;
      b = 0;
      c = 2;
    };
  };
  makeExtensibleLibTest = {
    expr =
      ((lib.makeExtensible (self: { foo = self.bar; })).extend (
        lib.composeExtensions (s: p: {
          bar = false;
          baz = true;
        }) (s: p: { bar = p.baz or false; })
      )).foo;
    expected = true;
  };
  makeExtensibleSeesExtender = {
    expr = (lib.makeExtensible (self: { hasExtend = self ? extend; })).hasExtend;
    expected = true;
  };
  makeExtensibleWithCustomName = {
    expr =
      let
        s = lib.makeExtensibleWithCustomName "grow" (self: {
          a = 1;
          b = self.a + 1;
        });
      in
      [
        (s ? grow)
        (s ? extend)
        (s.grow (final: prev: { a = 10; })).b
      ];
    expected = [
      true
      false
      11
    ];
  };
  infiniteRecursionIsNotCatchable = {
    # tryEval does not catch infinite recursion, so only the structure is checked here.
    expr = builtins.attrNames (lib.fix (lib.extends (final: prev: { a = final.a + 1; }) (final: { a = 1; })));
    expected = [ "a" ];
  };
}
