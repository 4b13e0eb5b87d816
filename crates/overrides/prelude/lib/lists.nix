# Lists: folds, selection, set-like operations, ordering.
{ lib }:
let
  inherit (builtins) length elemAt genList;

  foldr =
    op: nul: list:
    let
      count = length list;
      from = i: if i == count then nul else op (elemAt list i) (from (i + 1));
    in
    from 0;

  foldl =
    op: nul: list:
    let
      upTo = i: if i < 0 then nul else op (upTo (i - 1)) (elemAt list i);
    in
    upTo (length list - 1);

  flatten = x: if builtins.isList x then builtins.concatMap flatten x else [ x ];

  range =
    first: last: if first > last then [ ] else genList (i: first + i) (last - first + 1);

  take = count: sublist 0 count;

  drop = count: list: sublist count (length list) list;

  sublist =
    start: count: list:
    let
      total = length list;
      from = if start > total then total else start;
      n = if from + count > total then total - from else count;
    in
    if n <= 0 then [ ] else genList (i: elemAt list (from + i)) n;

  findFirstIndex =
    pred: default: list:
    let
      count = length list;
      search =
        i:
        if i == count then
          default
        else if pred (elemAt list i) then
          i
        else
          search (i + 1);
    in
    search 0;

  unique = foldl (acc: x: if builtins.elem x acc then acc else acc ++ [ x ]) [ ];

  reverseList =
    list:
    let
      count = length list;
    in
    genList (i: elemAt list (count - i - 1)) count;

  zipListsWith =
    f: a: b:
    genList (i: f (elemAt a i) (elemAt b i)) (lib.trivial.min (length a) (length b));

  imap0 = f: list: genList (i: f i (elemAt list i)) (length list);

  # Groups by the string key `pred x`, folding each group with `op` from `nul`.
  groupBy' =
    op: nul: pred: list:
    foldl (
      acc: x:
      let
        key = pred x;
      in
      acc // { ${key} = op (acc.${key} or nul) x; }
    ) { } list;
in
{
  inherit
    foldr
    foldl
    flatten
    range
    take
    drop
    sublist
    findFirstIndex
    unique
    reverseList
    zipListsWith
    imap0
    groupBy'
    ;
  inherit (builtins)
    length
    elemAt
    genList
    head
    tail
    filter
    map
    elem
    any
    all
    concatMap
    concatLists
    partition
    ;

  fold = foldr;

  # Strict left fold (forces the accumulator at every step, like nixpkgs).
  foldl' = op: nul: list: builtins.seq nul (builtins.foldl' op nul list);

  optional = cond: x: if cond then [ x ] else [ ];
  optionals = cond: list: if cond then list else [ ];
  singleton = x: [ x ];
  toList = x: if builtins.isList x then x else [ x ];
  forEach = list: f: map f list;
  replicate = n: x: genList (_: x) n;

  last =
    list:
    assert lib.debug.assertMsg (list != [ ]) "lists.last: list must not be empty!";
    elemAt list (length list - 1);

  init =
    list:
    assert lib.debug.assertMsg (list != [ ]) "lists.init: list must not be empty!";
    take (length list - 1) list;

  # `default` is only forced when nothing matches (callers pass a `throw`).
  findFirst =
    pred: default: list:
    let
      index = findFirstIndex pred null list;
    in
    if index == null then default else elemAt list index;

  findSingle =
    pred: default: multiple: list:
    let
      found = builtins.filter pred list;
    in
    if found == [ ] then
      default
    else if length found == 1 then
      builtins.head found
    else
      multiple;

  count = pred: foldl (acc: x: if pred x then acc + 1 else acc) 0;

  remove = x: builtins.filter (y: y != x);

  subtractLists = remove: builtins.filter (x: !(builtins.elem x remove));
  intersectLists = keep: builtins.filter (x: builtins.elem x keep);

  groupBy =
    pred: list:
    groupBy' (acc: x: acc ++ [ x ]) [ ] pred list;

  zipLists = zipListsWith (fst: snd: { inherit fst snd; });

  imap1 = f: list: genList (i: f (i + 1) (elemAt list i)) (length list);

  ifilter0 =
    pred: list:
    builtins.concatMap (i: if pred i (elemAt list i) then [ (elemAt list i) ] else [ ]) (
      genList (i: i) (length list)
    );

  sort = builtins.sort;

  # Sorts by a key computed once per element; stable.
  sortOn =
    key: list:
    map (pair: pair.value) (
      builtins.sort (a: b: a.key < b.key) (map (value: { key = key value; inherit value; }) list)
    );

  compareLists =
    cmp: a: b:
    if a == [ ] then
      (if b == [ ] then 0 else -1)
    else if b == [ ] then
      1
    else
      let
        first = cmp (builtins.head a) (builtins.head b);
      in
      if first == 0 then lib.lists.compareLists cmp (builtins.tail a) (builtins.tail b) else first;

  allUnique = list: length (unique list) == length list;

  mutuallyExclusive = a: b: !(builtins.any (x: builtins.elem x b) a);

  crossLists =
    f: lists:
    foldl (fs: list: builtins.concatMap (g: map g list) fs) [ f ] lists;

}
