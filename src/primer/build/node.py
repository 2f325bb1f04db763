"""Node packages pinned in a folder's package.json and locked in its package-lock.json,
installed with ``npm ci``: the tests' validators (the repository's root), Lighthouse
(benchmarks/lighthouse) and the PDFs' fonts (tools/pdf-fonts)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path


def locked(folder: Path) -> dict[str, dict]:
    """Each package that ``folder``'s package-lock.json locks, and its entry there."""
    lock = json.loads((folder / "package-lock.json").read_text(encoding="utf-8"))
    return {
        path.removeprefix("node_modules/"): entry
        for path, entry in lock["packages"].items()
        if path.startswith("node_modules/")
    }


def locked_versions(folder: Path) -> dict[str, str]:
    """Each package that ``folder``'s package-lock.json locks, and its version."""
    return {name: entry["version"] for name, entry in locked(folder).items()}


def up_to_date(folder: Path) -> bool:
    """Whether node_modules holds every locked version (an optional package may be absent)."""
    return all(
        installed_version(folder, name) == entry["version"]
        or (entry.get("optional") and installed_version(folder, name) is None)
        for name, entry in locked(folder).items()
    )


def installed_version(folder: Path, name: str) -> str | None:
    """The version of ``name`` in ``folder``'s node_modules, or None."""
    manifest = folder / "node_modules" / name / "package.json"
    return (
        json.loads(manifest.read_text(encoding="utf-8"))["version"] if manifest.is_file() else None
    )


def npm_ci(folder: Path) -> Path:
    """``npm ci`` in ``folder`` (no install scripts) unless its node_modules already holds
    every locked version; returns node_modules. Stops, saying what to do, without npm or
    when npm fails."""
    if up_to_date(folder):
        return folder / "node_modules"
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit(f"npm is not installed: install Node.js (with npm), which {folder} "
                         "needs (package.json)")  # fmt: skip
    run = subprocess.run(
        [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"],
        cwd=folder, capture_output=True, text=True,
    )  # fmt: skip
    if run.returncode != 0:
        raise SystemExit(f"npm ci in {folder} (package-lock.json) failed:\n{run.stderr}")
    return folder / "node_modules"
