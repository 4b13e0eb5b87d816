# The Python package definitions of the model (the "python-packages.nix"
# layer). Each is callPackage'd from the Python scope, so dependencies come
# from the scope's final set.
pyfinal: _pyprev:
let
  inherit (pyfinal) callPackage;
  simple =
    pname: version:
    callPackage ({ buildPythonPackage }: buildPythonPackage { inherit pname version; }) { };
in
{
  setuptools = simple "setuptools" "75.1.0";
  wheel = simple "wheel" "0.44.0";
  filelock = simple "filelock" "3.16.1";
  numpy = simple "numpy" "2.1.2";
  idna = simple "idna" "3.10";

  urllib3 = callPackage (
    { buildPythonPackage, setuptools }:
    buildPythonPackage {
      pname = "urllib3";
      version = "2.2.0";
      build-system = [ setuptools ];
    }
  ) { };

  requests = callPackage (
    {
      buildPythonPackage,
      urllib3,
      idna,
    }:
    buildPythonPackage {
      pname = "requests";
      version = "2.31.0";
      dependencies = [
        urllib3
        idna
      ];
    }
  ) { };

  torch = callPackage (
    {
      buildPythonPackage,
      filelock,
      numpy,
      cudaSupport ? true,
    }:
    buildPythonPackage {
      pname = "torch";
      version = "2.4.1";
      inherit cudaSupport;
      dependencies = [
        filelock
        numpy
      ];
    }
  ) { };

  torchWithoutCuda = pyfinal.torch.override { cudaSupport = false; };
}
