# Strings: joining, prefixes and suffixes, splitting, case, versions and
# package names, shell escaping, derivation-name sanitising, edit distance.
{ lib }:
let
  inherit (builtins)
    stringLength
    substring
    concatStringsSep
    length
    elemAt
    genList
    ;

  lowerChars = lib.strings.stringToCharacters "abcdefghijklmnopqrstuvwxyz";
  upperChars = lib.strings.stringToCharacters "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

  hasPrefix =
    prefix: s: substring 0 (stringLength prefix) s == prefix;

  hasSuffix =
    suffix: s:
    let
      total = stringLength s;
      tail = stringLength suffix;
    in
    total >= tail && substring (total - tail) tail s == suffix;

  stringToCharacters = s: genList (i: substring i 1 s) (stringLength s);

  escape = chars: builtins.replaceStrings chars (map (c: "\\${c}") chars);

  escapeRegex = escape (stringToCharacters "\\[{()^$?*+|.");

  splitString =
    sep: s: builtins.filter builtins.isString (builtins.split (escapeRegex sep) (toString s));

  escapeShellArg =
    arg:
    let
      s = toString arg;
    in
    if builtins.match "[[:alnum:],._+:@%/-]+" s != null then
      s
    else
      "'${builtins.replaceStrings [ "'" ] [ "'\\''" ] s}'";

  # Edit distance between two strings (insertions, deletions, substitutions),
  # computed one row of the classic table at a time.
  levenshtein =
    a: b:
    let
      as = stringToCharacters a;
      bs = stringToCharacters b;
      lenB = length bs;
      firstRow = genList (j: j) (lenB + 1);
      nextRow =
        row: i:
        let
      ca = elemAt as (i - 1);
          cell =
            j:
            if j == 0 then
              i
            else
              let
                cost = if ca == elemAt bs (j - 1) then 0 else 1;
                del = elemAt row j + 1;
                ins = elemAt cells (j - 1) + 1;
                sub = elemAt row (j - 1) + cost;
              in
              lib.trivial.min del (lib.trivial.min ins sub);
          cells = genList cell (lenB + 1);
        in
        builtins.deepSeq cells cells;
      lastRow = builtins.foldl' nextRow firstRow (genList (i: i + 1) (length as));
    in
    elemAt lastRow lenB;

  # Cheap length test first, so filtering a large name list stays fast.
  levenshteinAtMost =
    bound: a: b:
    let
      diff = stringLength a - stringLength b;
    in
    (if diff < 0 then -diff else diff) <= bound && levenshtein a b <= bound;

  parseName = x: (builtins.parseDrvName x).name;
  parseVersion = x: (builtins.parseDrvName x).version;
in
{
  inherit
    lowerChars
    upperChars
    hasPrefix
    hasSuffix
    stringToCharacters
    escape
    escapeRegex
    splitString
    escapeShellArg
    levenshtein
    levenshteinAtMost
    ;
  inherit (builtins)
    stringLength
    substring
    concatStringsSep
    replaceStrings
    match
    split
    toString
    isString
    ;

  concatStrings = concatStringsSep "";
  concatMapStrings = f: list: concatStringsSep "" (map f list);
  concatMapStringsSep =
    sep: f: list:
    concatStringsSep sep (map f list);
  concatImapStringsSep =
    sep: f: list:
    concatStringsSep sep (lib.lists.imap1 f list);
  concatLines = list: concatStringsSep "" (map (line: "${line}\n") list);

  intersperse =
    sep: list:
    if list == [ ] then
      [ ]
    else
      builtins.tail (builtins.concatMap (x: [
        sep
        x
      ]) list);

  fileContents = file: lib.strings.removeSuffix "\n" (builtins.readFile file);

  optionalString = cond: s: if cond then s else "";

  hasInfix = infix: s: builtins.match ".*${escapeRegex infix}.*" "${s}" != null;

  removePrefix =
    prefix: s:
    if hasPrefix prefix s then substring (stringLength prefix) (stringLength s - stringLength prefix) s else s;

  removeSuffix =
    suffix: s:
    if hasSuffix suffix s then substring 0 (stringLength s - stringLength suffix) s else s;

  toUpper = builtins.replaceStrings lowerChars upperChars;
  toLower = builtins.replaceStrings upperChars lowerChars;

  stringAsChars = f: s: concatStringsSep "" (map f (stringToCharacters s));

  versionOlder = a: b: builtins.compareVersions b a == 1;
  versionAtLeast = a: b: builtins.compareVersions a b != -1;

  # Package name / version from a derivation (its pname/version when set)
  # or from a "name-version" string.
  getName = x: if builtins.isString x then parseName x else x.pname or (parseName x.name);
  getVersion = x: if builtins.isString x then parseVersion x else x.version or (parseVersion x.name);

  escapeShellArgs = list: concatStringsSep " " (map escapeShellArg list);

  escapeNixString = s: builtins.toJSON s;

  escapeNixIdentifier =
    s: if builtins.match "[a-zA-Z_][a-zA-Z0-9_'-]*" s != null then s else builtins.toJSON s;

  # A valid store-path name: leading dots dropped, every run of forbidden
  # characters becomes "-", at most the last 207 characters, never empty.
  sanitizeDerivationName =
    name:
    let
      s = builtins.unsafeDiscardStringContext name;
      valid = builtins.match "[[:alnum:]+_?=-][[:alnum:]+._?=-]*" s != null && stringLength s <= 207;
      noDots = elemAt (builtins.match "\\.*(.*)" s) 0;
      pieces = builtins.split "[^[:alnum:]+._?=-]+" noDots;
      joined = concatStringsSep "" (map (p: if builtins.isList p then "-" else p) pieces);
      len = stringLength joined;
      clipped = if len > 207 then substring (len - 207) 207 joined else joined;
    in
    if valid then
      s
    else if clipped == "" then
      "unknown"
    else
      clipped;

  fixedWidthString =
    width: filler: s:
    let
      missing = width - stringLength s;
    in
    if missing <= 0 then s else concatStringsSep "" (genList (_: filler) missing) + s;

  makeSearchPath =
    subDir: paths:
    concatStringsSep ":" (map (p: "${p}/${subDir}") (builtins.filter (p: p != null) paths));

  makeBinPath = paths: lib.strings.makeSearchPath "bin" (map lib.attrsets.getBin paths);

  enableFeature = flag: feature: "--${if flag then "enable" else "disable"}-${feature}";
  withFeature = flag: feature: "--${if flag then "with" else "without"}-${feature}";

  trim =
    s:
    let
      m = builtins.match "[[:space:]]*(.*[^[:space:]])[[:space:]]*" s;
    in
    if m == null then "" else elemAt m 0;

  commonPrefixLength =
    a: b:
    let
      limit = lib.trivial.min (stringLength a) (stringLength b);
      go = i: if i < limit && substring i 1 a == substring i 1 b then go (i + 1) else i;
    in
    go 0;
}
