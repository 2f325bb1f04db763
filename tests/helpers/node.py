"""The Node tools package.json pins: the W3C Nu HTML checker and axe-core."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from helpers.project import REPO
from helpers.report import require

#: Where ``npm ci`` installs the tools that package.json pins (package-lock.json locks).
NODE_MODULES = REPO / "node_modules"


def node_tool_versions() -> dict[str, str]:
    """Each Node tool package-lock.json locks, and its version."""
    lock = json.loads((REPO / "package-lock.json").read_text(encoding="utf-8"))
    return {
        path.removeprefix("node_modules/"): entry["version"]
        for path, entry in lock["packages"].items()
        if path.startswith("node_modules/")
    }


def installed_node_tool(name: str) -> str | None:
    """The version of ``name`` in node_modules, or None."""
    manifest = NODE_MODULES / name / "package.json"
    return json.loads(manifest.read_text())["version"] if manifest.is_file() else None


def install_node_tools() -> Path:
    """``npm ci`` (no install scripts) unless node_modules already holds the locked versions;
    returns node_modules. Skips, or fails where CI needs the tools, without npm."""
    locked = node_tool_versions()
    if all(installed_node_tool(name) == version for name, version in locked.items()):
        return NODE_MODULES
    npm = shutil.which("npm")
    require(npm is not None, "npm is not installed: it provides vnu-jar and axe-core")
    run = subprocess.run(
        [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"],
        cwd=REPO, capture_output=True, text=True,
    )  # fmt: skip
    require(run.returncode == 0, f"npm ci (package-lock.json) failed:\n{run.stderr}")
    return NODE_MODULES
