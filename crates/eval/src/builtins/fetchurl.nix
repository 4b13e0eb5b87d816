# <nix/fetchurl.nix>: a fixed-output derivation that Nix's builtin fetcher
# ("builtin:fetchurl") would build. The playground never builds, but the
# derivation, its attributes and so its store paths are those of Nix's own
# corepkgs file: every attribute below is part of the derivation's hash.
{
  # No longer used; accepted so old callers keep working.
  system ? "",
  url,
  # An SRI hash ("sha256-…"); the older per-algorithm arguments follow.
  hash ? "",
  md5 ? "",
  sha1 ? "",
  sha256 ? "",
  sha512 ? "",
  # The first hash given, in the order hash, sha512, sha1, md5, sha256.
  outputHash ?
    let
      given = builtins.filter (h: h != "") [ hash sha512 sha1 md5 ];
    in
    if given == [ ] then sha256 else builtins.head given,
  # An SRI hash names its own algorithm.
  outputHashAlgo ?
    if hash != "" then ""
    else if sha512 != "" then "sha512"
    else if sha1 != "" then "sha1"
    else if md5 != "" then "md5"
    else "sha256",
  executable ? false,
  unpack ? false,
  name ? baseNameOf (toString url),
  impure ? false,
}:
let
  fixed = if impure then { __impure = true; } else { inherit outputHashAlgo outputHash; };
in
derivation (
  {
    builder = "builtin:fetchurl";
    system = "builtin";
    inherit name url executable unpack;
    # An executable or unpacked download is hashed as a file tree.
    outputHashMode = if unpack || executable then "recursive" else "flat";
    preferLocalBuild = true;
    # The proxy settings of the caller pass through to the fetcher.
    impureEnvVars = [ "http_proxy" "https_proxy" "ftp_proxy" "all_proxy" "no_proxy" ];
    # nix-prefetch-url reads the list of URLs.
    urls = [ url ];
  }
  // fixed
)
