"""Mirror a nixpkgs Python package into $out for pyproject.nix (model).

Usage: write-nixpkgs-prebuilt.py FROM OUT

Every top-level entry of FROM is symlinked into OUT, except that
nix-support/propagated-build-inputs is left out (nothing is propagated),
bin/ programs point at their unwrapped `.NAME-wrapped` originals when such
exist, and lines of Python scripts that add nixpkgs paths to sys.path are
dropped.
"""

import os
import sys


def mirror(source: str, target: str) -> None:
    os.makedirs(target, exist_ok=True)
    for entry in os.listdir(source):
        path = os.path.join(source, entry)
        if entry == "nix-support":
            support = os.path.join(target, entry)
            os.makedirs(support, exist_ok=True)
            for item in os.listdir(path):
                if item != "propagated-build-inputs":
                    os.symlink(os.path.join(path, item), os.path.join(support, item))
        elif entry == "bin":
            mirror_bin(path, os.path.join(target, entry))
        else:
            os.symlink(path, os.path.join(target, entry))


def mirror_bin(source: str, target: str) -> None:
    os.makedirs(target, exist_ok=True)
    for program in os.listdir(source):
        if program.startswith(".") and program.endswith("-wrapped"):
            continue
        unwrapped = os.path.join(source, f".{program}-wrapped")
        origin = unwrapped if os.path.exists(unwrapped) else os.path.join(source, program)
        with open(origin, "rb") as handle:
            head = handle.read(2)
        if head == b"#!":
            with open(origin, encoding="utf-8", errors="surrogateescape") as handle:
                lines = [line for line in handle if "sys.path" not in line or "/nix/store" not in line]
            destination = os.path.join(target, program)
            with open(destination, "w", encoding="utf-8", errors="surrogateescape") as handle:
                handle.writelines(lines)
            os.chmod(destination, 0o755)
        else:
            os.symlink(origin, os.path.join(target, program))


if __name__ == "__main__":
    mirror(sys.argv[1], sys.argv[2])
