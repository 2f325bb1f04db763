"""Put everything a build needs, except torch and torchvision, into one folder.

``python -m primer.build.wheelhouse --python 3.12 --platform manylinux_2_28_x86_64 --dest DIR``
(through ``nox -s wheelhouse -- ...``) writes to ``DIR``:

* a wheel of every package pinned in requirements.txt but torch and torchvision, and of
  their dependencies, for that Python and platform, plus nox to drive the build and the
  build backend that installs this checkout's own package (pyproject.toml's
  ``build-system.requires``);
* ``mnist/``: the four MNIST files, gzipped as torchvision's mirrors serve them.

On a machine without network access that has its own torch (a cluster node, a GPU box):
``nox -s docs -- --system-torch --wheelhouse=DIR``.
"""

from __future__ import annotations

import argparse
import gzip
import re
import subprocess
import sys
import tomllib
from pathlib import Path

from primer import REPO
from primer.build.requirements import SYSTEM_PACKAGES, pins
from primer.data.mnist import RAW_MD5, ensure_mnist, raw_dir

NOX = "nox==2026.10.20"
#: Published as source archives only; pure Python, so a wheel built here installs anywhere.
SOURCE_ONLY = ("jieba",)


def build_requirements() -> list[str]:
    """What building this checkout's package needs (pyproject.toml's ``build-system``)."""
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    return pyproject["build-system"]["requires"]


def pip(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "pip", *args], check=True)


def compatible_platforms(platform: str) -> list[str]:
    """``platform`` and the older tags that run there: pip download does not expand them.

    A ``manylinux_2_28`` machine also runs ``manylinux_2_27`` ... ``manylinux_2_17`` wheels,
    the last also called ``manylinux2014``.
    """
    found = re.fullmatch(r"manylinux_2_(\d+)_(\w+)", platform)
    if found is None:
        return [platform, "any"]
    minor, arch = int(found[1]), found[2]
    older = [f"manylinux_2_{m}_{arch}" for m in range(minor, 16, -1)]
    return [*older, f"manylinux2014_{arch}", "any"]


def download_wheels(pins: list[str], python: str, platform: str, dest: Path) -> None:
    source_only = [pin for pin in pins if pin.split("==")[0] in SOURCE_ONLY]
    pip("wheel", "--no-deps", "--wheel-dir", str(dest), *source_only)
    platforms = [option for tag in compatible_platforms(platform) for option in ("--platform", tag)]
    pip(
        "download", "--only-binary=:all:", "--python-version", python, "--implementation", "cp",
        *platforms, "--find-links", str(dest), "--dest", str(dest), *pins,
    )  # fmt: skip


def gzip_mnist(dest: Path) -> None:
    """The verified raw files, gzipped reproducibly (no timestamp) into ``dest``."""
    raw = raw_dir(ensure_mnist())
    dest.mkdir(parents=True, exist_ok=True)
    for name in RAW_MD5:
        data = gzip.compress((raw / name).read_bytes(), mtime=0)
        (dest / f"{name}.gz").write_bytes(data)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--python", required=True, help="e.g. 3.12")
    parser.add_argument("--platform", required=True, help="e.g. manylinux_2_28_x86_64")
    parser.add_argument("--dest", type=Path, default=REPO / "wheelhouse")
    options = parser.parse_args(argv)
    options.dest.mkdir(parents=True, exist_ok=True)
    wanted = [*pins(REPO / "requirements.txt", SYSTEM_PACKAGES), NOX, *build_requirements()]
    download_wheels(wanted, options.python, options.platform, options.dest)
    gzip_mnist(options.dest / "mnist")
    size = sum(path.stat().st_size for path in options.dest.rglob("*") if path.is_file())
    print(f"Wheelhouse ready: {options.dest} ({size / 2**20:.0f} MiB)")


if __name__ == "__main__":
    main(sys.argv[1:])
