# Package metadata helpers, and the small `licenses` / `platforms` /
# `maintainers` tables that `meta` blocks in user code refer to.
{ lib }:
let
  license = spdxId: fullName: free: {
    inherit spdxId fullName free;
    shortName = lib.toLower spdxId;
    deprecated = false;
    redistributable = free;
  };
  setMeta = changes: drv: drv // { meta = (drv.meta or { }) // changes; };
in
{
  addMetaAttrs = setMeta;
  setPrio = priority: setMeta { inherit priority; };
  lowPrio = setMeta { priority = 10; };
  hiPrio = setMeta { priority = -10; };
  dontDistribute = setMeta { hydraPlatforms = [ ]; };
  inherit (lib.attrsets) getExe getExe';

  licenses = {
    mit = license "MIT" "MIT License" true;
    asl20 = license "Apache-2.0" "Apache License 2.0" true;
    bsd2 = license "BSD-2-Clause" "BSD 2-clause \"Simplified\" License" true;
    bsd3 = license "BSD-3-Clause" "BSD 3-clause \"New\" or \"Revised\" License" true;
    gpl2Only = license "GPL-2.0-only" "GNU General Public License v2.0 only" true;
    gpl3Only = license "GPL-3.0-only" "GNU General Public License v3.0 only" true;
    gpl3Plus = license "GPL-3.0-or-later" "GNU General Public License v3.0 or later" true;
    lgpl21Plus = license "LGPL-2.1-or-later" "GNU Lesser General Public License v2.1 or later" true;
    mpl20 = license "MPL-2.0" "Mozilla Public License 2.0" true;
    psfl = license "Python-2.0" "Python Software Foundation License version 2" true;
    zlib = license "Zlib" "zlib License" true;
    epl10 = license "EPL-1.0" "Eclipse Public License 1.0" true;
    unfree = license "unfree" "Unfree" false;
  };

  platforms = {
    linux = [ "x86_64-linux" "aarch64-linux" ];
    darwin = [ "x86_64-darwin" "aarch64-darwin" ];
    unix = [ "x86_64-linux" "aarch64-linux" "x86_64-darwin" "aarch64-darwin" ];
    all = [ "x86_64-linux" "aarch64-linux" "x86_64-darwin" "aarch64-darwin" ];
  };

  # Maintainer entries are plain sets; the model knows none by name.
  maintainers = { };
}
