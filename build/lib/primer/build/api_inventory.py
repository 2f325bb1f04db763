"""Derive Sphinx inventories (``objects.inv``) of the PyTorch and torchvision references from
their own documentation sources, so that intersphinx links the examples' code to the page that
really documents each name, with no network at build time.

    python -m primer.build.api_inventory --torch PYTORCH/docs/source --vision VISION/docs/source

(``nox -s inventory -- --torch ... --vision ...``) writes docs/inventories/torch.inv and
docs/inventories/torchvision.inv. Each source folder is the ``docs/source`` of a checkout of
pytorch/pytorch or pytorch/vision (reST and MyST pages). The rules follow what Sphinx builds:

* ``.. autoclass::``, ``.. autofunction::``, ``.. class::`` ... document the object on the page
  itself: ``data.md``'s ``.. autoclass:: DataLoader`` is ``data.html#torch.utils.data.DataLoader``;
* ``.. automodule::`` documents the module there (``#module-torch.utils.data``);
* an ``.. autosummary::`` list with ``:toctree: DIR`` gives each entry its own page,
  ``DIR/<full name>.html``; a list without ``:toctree:`` documents nothing by itself;
* a class's members are documented where autodoc documents them: an ``autoclass`` with
  ``:members:`` (written on the page, or in the ``_templates`` file an autosummary list names
  with ``:template:``) documents each public member with a docstring (every public member with
  ``:undoc-members:``), inherited ones too with ``:inherited-members:``, on the class's page at
  ``#<class>.<member>``: ``nn.md`` lists ``Module`` with ``:template: classtemplate.rst``, whose
  ``autoclass`` has ``:members:``, so ``torch.nn.Module.state_dict`` is
  ``generated/torch.nn.Module.html#torch.nn.Module.state_dict``. The members are read off the
  installed torch and torchvision, as autodoc reads them; ``autodoc_inherit_docstrings`` is read
  from the source folder's ``conf.py``. (Attributes documented only by ``#:`` comments in the
  code are not listed.)

Names are relative to the current module (``.. currentmodule::``, ``.. automodule::``,
``.. module::``), as autosummary resolves them.
"""

from __future__ import annotations

import argparse
import functools
import inspect
import pkgutil
import re
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from primer import REPO

OUTPUT = REPO / "docs" / "inventories"
REFERENCES = {
    # name: (project, output file); the base URLs are in conf.py's intersphinx_mapping
    "torch": ("PyTorch", "torch.inv"),
    "vision": ("torchvision", "torchvision.inv"),
}
DIRECTIVE = re.compile(r"^\s*(?:\.\. |```\{)(?:py:)?(?P<kind>[a-z]+)(?:::|\})\s*(?P<arg>\S*)")
OBJECT_ROLES = {
    "class": "class", "autoclass": "class", "exception": "exception",
    "autoexception": "exception", "function": "function", "autofunction": "function",
    "method": "method", "automethod": "method", "attribute": "attribute",
    "autoattribute": "attribute", "data": "data", "autodata": "data",
}  # fmt: skip
MODULE_SETTERS = {"currentmodule", "module", "automodule"}
SPECIAL = re.compile(r"__\w+__")
JINJA_TAG = re.compile(r"{%.*?%}")


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


def autosummary_entries(lines: list[str], start: int) -> tuple[dict[str, str], list[str], int]:
    """Read the options and entries of the autosummary directive at ``lines[start]``;
    return its options (``toctree``, ``template`` ...), its entries, and the index after it."""
    options, entries, index = directive_options(lines, start + 1), [], start + 1
    indent = len(lines[start]) - len(lines[start].lstrip())
    while index < len(lines):
        text = lines[index]
        stripped = text.strip()
        if stripped.startswith("```") or (stripped and len(text) - len(text.lstrip()) <= indent):
            break
        if stripped and not stripped.startswith((":", "..")):
            entries.append(stripped.split()[0])
        index += 1
    return options, entries, index


def directive_options(lines: list[str], start: int) -> dict[str, str]:
    """The options of the directive whose body starts at ``lines[start]``: {name: value}; a
    value may go on over lines indented deeper than its option (``:members:`` then names)."""
    options: dict[str, str] = {}
    name, indent = None, 0
    for text in lines[start:]:
        stripped = text.strip()
        depth = len(text) - len(text.lstrip())
        if stripped.startswith(":") and stripped.count(":") >= 2:
            name, value = stripped[1:].split(":", 1)
            options[name], indent = value.strip(), depth
        elif name and stripped and depth > indent:
            options[name] = f"{options[name]} {stripped}".strip()
        else:
            break
    return options


def not_indexed(lines: list[str], start: int) -> bool:
    """Whether the directive just before ``lines[start]`` has a ``:noindex:`` option."""
    return bool({"noindex", "no-index"} & directive_options(lines, start).keys())


@functools.cache
def template_options(source: Path, template: str) -> dict[str, str]:
    """The options of the ``autoclass`` in the autosummary template ``template``, found where
    autosummary looks: ``_templates/<template>``, then ``_templates/autosummary/<template>.rst``;
    none for Sphinx's own class template, which documents no member but ``__init__``."""
    folder = source / "_templates"
    for path in (folder / template, folder / "autosummary" / f"{template}.rst"):
        if path.is_file():
            lines = path.read_text(encoding="utf-8").splitlines()
            for index, text in enumerate(lines):
                match = DIRECTIVE.match(text)
                if match and match["kind"] == "autoclass":
                    return directive_options(lines, index + 1)
    return {}


@functools.cache
def inherits_docstrings(source: Path) -> bool:
    """The reference's ``autodoc_inherit_docstrings`` (Sphinx's default: True)."""
    conf = source / "conf.py"
    text = conf.read_text(encoding="utf-8") if conf.is_file() else ""
    setting = re.search(r"^autodoc_inherit_docstrings\s*=\s*(\w+)", text, re.MULTILINE)
    return setting is None or setting[1] != "False"


def imported(name: str) -> object | None:
    """The object a documented name stands for in the installed packages, or None."""
    try:
        return pkgutil.resolve_name(name)
    except (ImportError, AttributeError, ValueError):
        print(f"warning: {name} cannot be imported; its members are left out", file=sys.stderr)
        return None


def docstring(cls: type, name: str, inherit: bool) -> str | None:
    """A member's docstring as autodoc reads it: its own, else (when ``inherit``) the first
    one up the class's bases; a value's ``__doc__`` that is just its type's is none."""
    for owner in cls.__mro__ if inherit else (cls,):
        member = getattr(owner, name, None)
        doc = getattr(member, "__doc__", None)
        if isinstance(doc, str) and doc.strip() and doc != getattr(type(member), "__doc__", None):
            return doc
    return None


def member_role(cls: type, name: str) -> str:
    """The role autodoc gives a member: a property, a class, a method or an attribute."""
    raw, value = inspect.getattr_static(cls, name), getattr(cls, name)
    if isinstance(raw, property):
        return "property"
    if isinstance(value, type):
        return "class"
    return "method" if callable(value) else "attribute"


def member_names(cls: type, options: dict[str, str]) -> tuple[list[str], bool]:
    """The names autodoc considers, and whether they were listed one by one in ``:members:``."""
    listed = re.findall(r"[A-Za-z_]\w*", JINJA_TAG.sub(" ", options["members"]))
    if listed:
        return [name for name in listed if hasattr(cls, name)], True
    names = dir(cls) if "inherited-members" in options else list(vars(cls))
    return sorted(names), False


def kept(cls: type, name: str, options: dict[str, str], listed: bool, inherit: bool) -> bool:
    """autodoc's filter: all-members mode leaves out private names and special names not
    asked for by ``:special-members:``; then a member needs a docstring or ``:undoc-members:``."""
    if not listed and SPECIAL.fullmatch(name):
        wanted = options.get("special-members")
        if wanted is None or (wanted and name not in re.findall(r"\w+", wanted)):
            return False
    elif not listed and name.startswith("_"):
        return False
    return "undoc-members" in options or docstring(cls, name, inherit) is not None


def member_entries(name: str, uri: str, options: dict[str, str], source: Path) -> list[Entry]:
    """The members the ``autoclass`` of class ``name`` documents at ``uri`` (its page)."""
    cls = imported(name) if "members" in options else None
    if not isinstance(cls, type):
        return []
    names, listed = member_names(cls, options)
    inherit = inherits_docstrings(source)
    return [
        Entry(f"{name}.{member}", member_role(cls, member), f"{uri}#{name}.{member}")
        for member in names
        if kept(cls, member, options, listed, inherit)
    ]


def autosummary_pages(
    options: dict[str, str], entries: list[str], module: str, page: PurePosixPath, source: Path
) -> list[Entry]:
    """What an autosummary list documents: with ``:toctree:``, each entry on its own page, and
    the members its class template documents there; without, nothing."""
    if "toctree" not in options:
        return []
    folder = PurePosixPath(page.parent, options["toctree"].strip("/") or ".")
    template = template_options(source, options.get("template") or "class")
    found = []
    for entry in entries:
        name = full_name(module, entry)
        uri = f"{folder}/{name}.html"
        found.append(Entry(name, guessed_role(name), f"{uri}#{name}"))
        if guessed_role(name) == "class":
            found += member_entries(name, uri, template, source)
    return found


def page_entries(path: Path, page: PurePosixPath, source: Path) -> list[Entry]:
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
            if kind == "autoclass":
                found += member_entries(name, html, directive_options(lines, index), source)
        elif kind == "autosummary":
            options, entries, index = autosummary_entries(lines, index - 1)
            found += autosummary_pages(options, entries, module, page, source)
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
        for entry in page_entries(path, page, source):
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
        project, filename = REFERENCES[key]
        entries = list(source_entries(source).values())
        (args.output / filename).write_bytes(inventory_bytes(project, entries))
        print(f"{args.output / filename}: {len(entries)} objects from {source}")


if __name__ == "__main__":
    main()
