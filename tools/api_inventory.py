"""Derive Sphinx inventories (``objects.inv``) of the PyTorch and torchvision references from
their own documentation sources, so that intersphinx links the examples' code to the page that
really documents each name, with no network at build time.

    python tools/api_inventory.py --torch PYTORCH/docs/source --vision VISION/docs/source

(``nox -s inventory -- --torch ... --vision ...``) writes docs/inventories/torch.inv and
docs/inventories/torchvision.inv. Each source folder is the ``docs/source`` of a checkout of
pytorch/pytorch or pytorch/vision (reST and MyST pages). The rules follow what Sphinx builds:

* ``.. autoclass::``, ``.. autofunction::``, ``.. class::`` ... document the object on the page
  itself: ``data.md``'s ``.. autoclass:: DataLoader`` is ``data.html#torch.utils.data.DataLoader``;
* ``.. automodule::`` documents the module there (``#module-torch.utils.data``);
* an ``.. autosummary::`` list with ``:toctree: DIR`` gives each entry its own page,
  ``DIR/<full name>.html``; a list without ``:toctree:`` documents nothing by itself.

Names are relative to the current module (``.. currentmodule::``, ``.. automodule::``,
``.. module::``), as autosummary resolves them.
"""

from __future__ import annotations

import argparse
import re
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

REPO = Path(__file__).resolve().parent.parent
OUTPUT = REPO / "docs" / "inventories"
REFERENCES = {
    # name: (project, base URL, output file)
    "torch": ("PyTorch", "https://docs.pytorch.org/docs/stable/", "torch.inv"),
    "vision": ("torchvision", "https://docs.pytorch.org/vision/stable/", "torchvision.inv"),
}
DIRECTIVE = re.compile(r"^\s*(?:\.\. |```\{)(?:py:)?(?P<kind>[a-z]+)(?:::|\})\s*(?P<arg>\S*)")
OBJECT_ROLES = {
    "class": "class", "autoclass": "class", "exception": "exception",
    "autoexception": "exception", "function": "function", "autofunction": "function",
    "method": "method", "automethod": "method", "attribute": "attribute",
    "autoattribute": "attribute", "data": "data", "autodata": "data",
}  # fmt: skip
MODULE_SETTERS = {"currentmodule", "module", "automodule"}


@dataclass(frozen=True)
class Entry:
    name: str
    role: str  # py:class, py:function ...
    uri: str  # relative to the reference's base URL

    def line(self) -> str:
        uri = self.uri[: -len(self.name)] + "$" if self.uri.endswith("#" + self.name) else self.uri
        return f"{self.name} py:{self.role} 1 {uri} -"


def full_name(module: str, name: str) -> str:
    """The name autosummary documents for ``name`` written under ``module``."""
    name = name.lstrip("~")
    root = module.split(".")[0]
    if not module or name == root or name.startswith(root + "."):
        return name
    return f"{module}.{name}"


def guessed_role(name: str) -> str:
    """An autosummary entry's role, read off its spelling: ``Optimizer.step`` is a method,
    ``Conv2d`` a class, ``cat`` a function (only the link's tooltip depends on it)."""
    parts = name.split(".")
    if len(parts) > 1 and parts[-2][:1].isupper():
        return "method"
    return "class" if parts[-1].lstrip("_")[:1].isupper() else "function"


def autosummary_entries(lines: list[str], start: int) -> tuple[str | None, list[str], int]:
    """Read the options and entries of the autosummary directive at ``lines[start]``;
    return its ``:toctree:`` (or None), its entries, and the index after it."""
    toctree, entries, index = None, [], start + 1
    indent = len(lines[start]) - len(lines[start].lstrip())
    while index < len(lines):
        text = lines[index]
        stripped = text.strip()
        if stripped.startswith("```") or (stripped and len(text) - len(text.lstrip()) <= indent):
            break
        if stripped.startswith(":toctree:"):
            toctree = stripped.split(":", 2)[2].strip() or "."
        elif stripped and not stripped.startswith((":", "..")):
            entries.append(stripped.split()[0])
        index += 1
    return toctree, entries, index


def not_indexed(lines: list[str], start: int) -> bool:
    """Whether the directive just before ``lines[start]`` has a ``:noindex:`` option."""
    for text in lines[start:]:
        stripped = text.strip()
        if not stripped.startswith(":"):
            return False
        if stripped in {":noindex:", ":no-index:"}:
            return True
    return False


def page_entries(path: Path, page: PurePosixPath) -> list[Entry]:
    """Every object one documentation page documents, with where it lands."""
    lines = path.read_text(encoding="utf-8").splitlines()
    html = f"{page}.html"
    module, found, index = "", [], 0
    owner: tuple[int, str] | None = None  # the class whose body we are in: (indent, name)
    while index < len(lines):
        match = DIRECTIVE.match(lines[index])
        indent = len(lines[index]) - len(lines[index].lstrip())
        index += 1
        if not match:
            continue
        kind, argument = match["kind"], match["arg"]
        if owner and indent <= owner[0]:
            owner = None
        if kind in MODULE_SETTERS and argument:
            module = argument
            if kind != "currentmodule":
                found.append(Entry(argument, "module", f"{html}#module-{argument}"))
        elif kind in OBJECT_ROLES and argument:
            name = full_name(module, argument.split("(")[0])
            if owner:
                name = f"{owner[1]}.{argument.split('(')[0]}"
            elif OBJECT_ROLES[kind] in {"class", "exception"}:
                owner = (indent, name)
            if not_indexed(lines, index):
                continue  # ``:noindex:``: a second description of an object documented elsewhere
            found.append(Entry(name, OBJECT_ROLES[kind], f"{html}#{name}"))
        elif kind == "autosummary":
            toctree, entries, index = autosummary_entries(lines, index - 1)
            if toctree is None:
                continue
            folder = PurePosixPath(page.parent, toctree.strip("/"))
            for entry in entries:
                name = full_name(module, entry)
                found.append(Entry(name, guessed_role(name), f"{folder}/{name}.html#{name}"))
    return found


def source_entries(source: Path) -> dict[str, Entry]:
    """The objects documented by every page under ``source``; the first page wins."""
    if not source.is_dir():
        sys.exit(f"{source}: not a folder; give the docs/source folder of a checkout")
    inventory: dict[str, Entry] = {}
    pages = sorted(p for p in source.rglob("*") if p.suffix in {".rst", ".md"})
    for path in pages:
        relative = path.relative_to(source)
        if relative.parts[0].startswith("_"):
            continue  # templates, static files
        page = PurePosixPath(relative.with_suffix("").as_posix())
        for entry in page_entries(path, page):
            inventory.setdefault((entry.name, entry.role == "module"), entry)
    if not inventory:
        sys.exit(f"{source}: no documented objects found; is this a docs/source folder?")
    return {entry.name: entry for entry in inventory.values() if entry.role != "module"} | {
        f"module:{entry.name}": entry for entry in inventory.values() if entry.role == "module"
    }


def inventory_bytes(project: str, entries: list[Entry]) -> bytes:
    """Sphinx's inventory format, version 2: a plain header, then zlib-compressed lines."""
    header = (
        "# Sphinx inventory version 2\n"
        f"# Project: {project}\n"
        "# Version: stable\n"
        "# The remainder of this file is compressed using zlib.\n"
    )
    body = "".join(entry.line() + "\n" for entry in sorted(entries, key=lambda e: e.name))
    return header.encode() + zlib.compress(body.encode(), 9)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--torch", type=Path, required=True, help="pytorch/pytorch docs/source")
    parser.add_argument("--vision", type=Path, required=True, help="pytorch/vision docs/source")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    args.output.mkdir(parents=True, exist_ok=True)
    for key, source in (("torch", args.torch), ("vision", args.vision)):
        project, _, filename = REFERENCES[key]
        entries = list(source_entries(source).values())
        (args.output / filename).write_bytes(inventory_bytes(project, entries))
        print(f"{args.output / filename}: {len(entries)} objects from {source}")


if __name__ == "__main__":
    main()
