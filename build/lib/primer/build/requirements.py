"""The pinned requirement files, and the checks that stop a build early with one message
that names what is missing and the command that fixes it. Used by noxfile.py and conf.py."""

from __future__ import annotations

import subprocess
from pathlib import Path

# src/primer/build/ -> the checkout: noxfile.py loads this file by its path, outside the package
REPO = Path(__file__).resolve().parents[3]
FLOOR = REPO / "requirements-floor.txt"
#: What a reader's machine brings itself under ``--system-torch``.
SYSTEM_PACKAGES = ("torch", "torchvision")
MAKE_WHEELHOUSE = "nox -s wheelhouse -- --python X.Y --platform PLATFORM --dest DIR"


def take_options(args: list[str], names: dict[str, str | None]) -> tuple[dict, list[str]]:
    """Take ``--name=value`` / ``--name value`` options out of ``args``.

    ``names`` maps each option to its value when given bare (``None``: a value is required).
    Returns the options found and the remaining arguments, in order.
    """
    found, rest, args = {}, [], list(args)
    while args:
        name, equals, value = args.pop(0).partition("=")
        if name not in names:
            rest.append(name + equals + value)
            continue
        if not equals:
            bare = names[name]
            value = bare if bare is not None else (args.pop(0) if args else "")
        if not value:
            raise ValueError(f"{name} needs a value")
        found[name] = value
    return found, rest


def pins(requirements: Path, leave_out=()) -> list[str]:
    """The requirement lines of a file, without comments and without ``leave_out``."""
    lines = (line.split("#")[0].strip() for line in requirements.read_text().splitlines())
    return [line for line in lines if line and line.split("==")[0] not in leave_out]


def versions(requirements: Path) -> dict[str, str]:
    """``{name: version}`` of a requirements file's pins."""
    return dict(pin.split("==") for pin in pins(requirements))


def install_from(wheelhouse: str | None) -> list[str]:
    """pip options: the wheelhouse only (no network), or the package index."""
    if wheelhouse is None:
        return []
    if not Path(wheelhouse).is_dir():
        raise SystemExit(
            f"--wheelhouse={wheelhouse}: no such folder. Make it on a machine with network "
            f"access: {MAKE_WHEELHOUSE}"
        )
    return ["--no-index", "--find-links", str(Path(wheelhouse).resolve())]


def check_wheelhouse(wheelhouse: str, requirements: list[str]) -> None:
    """Stop, naming every pinned package that has no file in the wheelhouse."""
    from packaging.utils import canonicalize_name, parse_sdist_filename, parse_wheel_filename

    present = set()
    for path in Path(wheelhouse).iterdir():
        parse = parse_wheel_filename if path.suffix == ".whl" else parse_sdist_filename
        try:
            name, version, *_ = parse(path.name)
        except ValueError:  # not a package (the MNIST folder, say)
            continue
        present.add(f"{name}=={version}")
    missing = [pin for pin in requirements if canonicalize_name(pin.split("==")[0])
               + "==" + pin.split("==")[1] not in present]  # fmt: skip
    if missing:
        raise SystemExit(
            f"The wheelhouse {wheelhouse} has no file for: {', '.join(missing)}. Make it again "
            f"with: {MAKE_WHEELHOUSE}"
        )


PROBE = (
    "import sys, torch, torchvision; "
    "print(torch.__version__, torchvision.__version__, '%d.%d' % sys.version_info[:2])"
)


def system_torch(interpreter: str) -> str:
    """Check that ``interpreter`` imports torch and torchvision at or above the floor."""
    floor = versions(FLOOR)
    fix = (
        f"install torch>={floor['torch']} and torchvision>={floor['torchvision']} for it "
        "(see docs/install.md), or leave out --system-torch to use the pinned versions"
    )
    try:
        run = subprocess.run([interpreter, "-c", PROBE], capture_output=True, text=True)
    except OSError as error:
        raise SystemExit(f"--system-torch: cannot run {interpreter} ({error})") from None
    if run.returncode != 0:
        last = (run.stderr.strip().splitlines() or ["no message"])[-1]
        raise SystemExit(f"--system-torch: {interpreter} cannot import torch ({last}): {fix}")
    from packaging.version import Version

    torch, torchvision, python = run.stdout.split()
    for package, version in (("torch", torch), ("torchvision", torchvision)):
        if Version(version) < Version(floor[package]):
            raise SystemExit(
                f"--system-torch: {interpreter} has {package} {version}, older than "
                f"{floor[package]}, the oldest the examples support: {fix}"
            )
    return f"torch {torch}, torchvision {torchvision}, Python {python}"
