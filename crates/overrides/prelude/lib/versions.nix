# Splitting version strings into components.
{ lib }:
let
  parts = v: builtins.splitVersion v;
  nth = n: v: builtins.elemAt (parts v) n;
in
{
  splitVersion = builtins.splitVersion;
  major = nth 0;
  minor = nth 1;
  patch = nth 2;
  majorMinor = v: "${nth 0 v}.${nth 1 v}";
}
