# A demo of an overlay as uv2nix generates it from a lock file: one
# package per locked distribution, each a `stdenv.mkDerivation` that
# carries `pyprojectHook` and keeps its runtime dependencies in passthru
# (SEMANTICS §5.1). Sources are modelled as fixed-output fetches whose
# hash is derived from the file name.
final: _prev:
let
  inherit (final) stdenv;

  fetched =
    fileName:
    derivation {
      name = fileName;
      system = stdenv.system;
      builder = "/bin/sh";
      args = [
        "-c"
        "echo model fetch of ${fileName} > $out"
      ];
      url = "https://files.pythonhosted.org/packages/${fileName}";
      outputHashMode = "flat";
      outputHashAlgo = "sha256";
      outputHash = builtins.hashString "sha256" fileName;
    };

  wheel = pname: version: fetched "${pname}-${version}-py3-none-any.whl";

  package =
    {
      pname,
      version,
      src ? wheel pname version,
      dependencies ? { },
      optional-dependencies ? { },
      dependency-groups ? { },
    }:
    stdenv.mkDerivation {
      inherit pname version src;
      nativeBuildInputs = [ final.pyprojectHook ];
      passthru = { inherit dependencies optional-dependencies dependency-groups; };
    };
in
{
  setuptools = package {
    pname = "setuptools";
    version = "75.1";
  };
  wheel = package {
    pname = "wheel";
    version = "0.44";
  };
  pycparser = package {
    pname = "pycparser";
    version = "2.22";
  };
  cffi = package {
    pname = "cffi";
    version = "1.17";
    dependencies.pycparser = [ ];
  };
  maturin = package {
    pname = "maturin";
    version = "1.7";
  };
  filelock = package {
    pname = "filelock";
    version = "3.16.1";
  };
  numpy = package {
    pname = "numpy";
    version = "2.1.2";
  };
  nvidia-cublas-cu12 = package {
    pname = "nvidia-cublas-cu12";
    version = "12.4.5.8";
  };
  nvidia-cudnn-cu12 = package {
    pname = "nvidia-cudnn-cu12";
    version = "9.1.0.70";
    dependencies.nvidia-cublas-cu12 = [ ];
  };
  torch = package {
    pname = "torch";
    version = "2.5.1";
    dependencies = {
      filelock = [ ];
      numpy = [ ];
      nvidia-cublas-cu12 = [ ];
      nvidia-cudnn-cu12 = [ ];
    };
  };
  pysocks = package {
    pname = "pysocks";
    version = "1.7.1";
  };
  urllib3 = package {
    pname = "urllib3";
    version = "2.3.0";
    optional-dependencies.socks.pysocks = [ ];
  };
  pip = package {
    pname = "pip";
    version = "24.2";
  };
  cryptography = package {
    pname = "cryptography";
    version = "43.0.0";
    src = fetched "cryptography-43.0.0.tar.gz";
    dependencies.cffi = [ ];
  };
}
