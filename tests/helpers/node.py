"""The Node tools package.json pins: the W3C Nu HTML checker and axe-core."""

from __future__ import annotations

from pathlib import Path

from helpers.project import REPO
from helpers.report import require
from primer.build.node import locked_versions, npm_ci


def node_tool_versions() -> dict[str, str]:
    """Each Node tool package-lock.json locks, and its version."""
    return locked_versions(REPO)


def install_node_tools() -> Path:
    """``npm ci`` unless node_modules already holds the locked versions; returns
    node_modules. Skips, or fails where CI needs the tools, without npm."""
    try:
        return npm_ci(REPO)
    except SystemExit as stop:
        require(False, f"{stop} (it provides vnu-jar and axe-core)")
