"""The tiny site (tests/tiny_site): a two-page site built by the real configuration."""

from __future__ import annotations

import shutil
from pathlib import Path

from helpers.project import DOCS, REPO

#: The sources of the tiny site (see :func:`make_tiny_site`).
TINY_SITE = Path(__file__).resolve().parents[1] / "tiny_site"
#: What a copy of tests/tiny_site leaves out: what Python or a build may have left there.
IGNORED = shutil.ignore_patterns("__pycache__", "_build", "*.mo")


def make_tiny_site(folder: Path) -> Path:
    """tests/tiny_site copied to ``folder``, with the real conf.py, templates, static files,
    inventories and pins beside it (the extensions and build code come from the installed
    ``primer`` package): a two-page site with one gallery example, built by the real
    configuration. Returns its ``docs`` folder.

    Its catalogs say 你好 where the English says hello; the UI's catalog is the real one.
    """
    shutil.copytree(TINY_SITE, folder, dirs_exist_ok=True, ignore=IGNORED)
    docs = folder / "docs"
    for name in ("conf.py", "_root", "_templates", "_static", "inventories"):
        source = DOCS / name
        copy = shutil.copytree if source.is_dir() else shutil.copy
        copy(source, docs / name)
    for requirements in REPO.glob("requirements*.txt"):
        shutil.copy(requirements, folder)
    catalogs = Path("locales", "zh_CN", "LC_MESSAGES")
    shutil.copy(DOCS / catalogs / "sphinx.po", docs / catalogs)
    return docs


def copy_site(docs: Path, destination: Path) -> Path:
    """Copy a tiny site (sources, catalogs and build outputs) to ``destination``."""
    shutil.copytree(docs.parent, destination, symlinks=True)
    return destination / docs.name
