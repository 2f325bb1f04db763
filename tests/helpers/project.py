"""The project's paths and settings, read from its files."""

from __future__ import annotations

import ast
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs"
#: The built site: ``nox -s tests`` builds it before the tests run.
SITE = DOCS / "_build" / "html"
#: Every gallery example script.
EXAMPLES = sorted((REPO / "gallery").glob("*/*.py"))
#: Screenshots and other files the tests leave for a person to look at.
ARTIFACTS = REPO / "test-artifacts"
#: Each language's other language, where the switcher leads.
OTHER = {"en": "zh_CN", "zh_CN": "en"}
#: An address where nothing answers: the discard port.
UNREACHABLE = "http://127.0.0.1:9/"


def conf_setting(name: str) -> str:
    """A constant that docs/conf.py assigns (SITE_URL, REPOSITORY), read without running it."""
    for node in ast.parse((DOCS / "conf.py").read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and [getattr(t, "id", "") for t in node.targets] == [name]:
            return ast.literal_eval(node.value)
    raise KeyError(f"docs/conf.py assigns no {name}")


SITE_URL = conf_setting("SITE_URL")
#: Where GitHub Pages serves the site: the browser tests serve it there too.
SITE_PATH = urlsplit(SITE_URL).path
REPOSITORY = conf_setting("REPOSITORY")


def gallery_pages() -> list[str]:
    """The page of every example script, from the sources: examples/<folder>/<name>.html."""
    return sorted(f"examples/{script.parent.name}/{script.stem}.html" for script in EXAMPLES)


def myst_pages() -> dict[str, Path]:
    """The page of every MyST source in docs/, with its source."""
    return {
        f"{source.stem}.html": source
        for source in sorted(DOCS.glob("*.md"))
        if source.name != "README.md"
    }
