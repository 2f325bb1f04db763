"""Formulas typeset once, when the site is built: MathJax run by Node turns each TeX formula
into an SVG that the page carries, so a reader's browser runs no script for math and
downloads no MathJax (``primer.sphinxext.static_math`` puts the SVGs in the pages).

MathJax comes from npm, pinned in ``tools/math/package.json`` and its lock file, and
``tools/math/tex2svg.js`` runs it. ``install`` runs ``npm ci`` there before the languages
build; where Node, npm or the npm registry is missing (a cluster node without network), it
says so and the site falls back to the MathJax that Sphinx serves from ``_static`` and the
reader's browser runs.

Typeset formulas are kept in a cache (``Cache``), so that a rebuild starts Node only for
formulas it has not seen.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

from primer import REPO
from primer.build.node import locked_versions, npm_ci, up_to_date

TOOLS = REPO / "tools" / "math"
SCRIPT = TOOLS / "tex2svg.js"
TIMEOUT_S = 300
#: What MathJax writes that a page does not need: the MathML node, class and character of
#: each part (``data-mml-node``, ``data-mjx-texclass``, ``data-c``), ``focusable``, an SVG
#: 1.2 attribute for old IE, the SVG's ``role`` (it is hidden from screen readers) and
#: MathML's namespace, which HTML implies.
UNNEEDED = re.compile(r' (?:data-[\w-]+|focusable|role)="[^"]*"| xmlns="[^"]*MathML"')
BETWEEN_TAGS = re.compile(r">\s+<")
#: The version of what the cache holds for a formula; a cache of another is typeset again.
FORMAT = 2


class MathError(RuntimeError):
    """MathJax could not typeset the formulas, or could not be run; the message says why."""


def missing() -> str | None:
    """Why formulas cannot be typeset at build time here, or None when they can."""
    if shutil.which("node") is None:
        return "Node.js is not installed"
    if not up_to_date(TOOLS):
        return f"MathJax is not installed in {TOOLS / 'node_modules'} (npm ci)"
    return None


def install() -> str | None:
    """Install MathJax in ``tools/math`` unless it is there; why it cannot be, or None."""
    if shutil.which("node") is None:
        return missing()
    try:
        npm_ci(TOOLS)
    except SystemExit as stop:
        return str(stop).splitlines()[0]
    return missing()


def fallback_note(reason: str) -> str:
    return (
        f"Math will be typeset in the reader's browser (MathJax from _static): {reason}. "
        f"Install Node.js with npm, and network access to the npm registry for "
        f"{TOOLS.relative_to(REPO)}, to typeset it when the site is built."
    )


def untypeset(site: Path, languages) -> str | None:
    """What to do when a built site serves MathJax for its formulas (it was built without
    Node, see ``fallback_note``), which a copy to take away or print should not; or None."""
    served = [site / language / "_static" / "mathjax" for language in languages]
    if found := [str(folder) for folder in served if folder.is_dir()]:
        return (
            f"{', '.join(found)}: this site was built without Node, so its formulas need "
            "MathJax in the browser. Install Node.js with npm and build it again (nox -s docs)."
        )
    return None


def mathjax_version() -> str:
    return locked_versions(TOOLS)["mathjax-full"]


def signature() -> str:
    """MathJax's version and the markup's format: what a page's formulas depend on."""
    return f"mathjax-full {mathjax_version()}, format {FORMAT}"


def display_tex(text: str, nowrap: bool = False) -> str:
    """The TeX that Sphinx's MathJax renderer (sphinx/ext/mathjax.py) typesets for a display
    formula: the text as written when ``nowrap``, else each paragraph an equation (split at
    ``\\\\`` when it has one), aligned. The notebooks' ``$$`` blocks use it too: Jupyter's
    MathJax, like any, refuses ``&`` outside such an environment."""
    if nowrap:
        return text
    parts = [part for part in text.split("\n\n") if part.strip()]
    lines = [rf"\begin{{split}}{part}\end{{split}}" if r"\\" in part else part for part in parts]
    body = r"\\".join(lines)
    if len(lines) == 1:
        return body
    return r"\begin{align}\begin{aligned}" + body + r"\end{aligned}\end{align}"


def typeset(formulas: list[tuple[str, bool]]) -> list[dict]:
    """For each ``(tex, display)``, ``{"svg": ..., "mathml": ...}`` as MathJax writes them, or
    ``{"error": message}`` when MathJax cannot read it."""
    if not formulas:
        return []
    node = shutil.which("node")
    if node is None:
        raise MathError(missing())
    try:
        run = subprocess.run(
            [node, str(SCRIPT)], input=json.dumps(formulas), capture_output=True, text=True,
            timeout=TIMEOUT_S, check=False,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        raise MathError(f"{SCRIPT} did not finish in {TIMEOUT_S} s") from None
    if run.returncode != 0:
        raise MathError(f"{SCRIPT} failed (exit {run.returncode}):\n{run.stderr}")
    return json.loads(run.stdout)


def for_the_page(typeset: dict) -> str:
    """The SVG for the eye, hidden from screen readers, and the same formula as MathML for
    them (which they read in the reader's language, unlike the TeX), hidden from the eye."""
    svg = re.sub(r"^<svg\b", '<svg aria-hidden="true"', UNNEEDED.sub("", typeset["svg"]))
    mathml = BETWEEN_TAGS.sub("><", UNNEEDED.sub("", typeset["mathml"]).strip())
    return svg + mathml


class Cache:
    """Typeset formulas, as MathJax wrote them, kept in a JSON file for the next build."""

    def __init__(self, path: Path):
        self.path = path
        self.version = signature()
        self.formulas: dict[str, dict] = {}
        self.changed = False
        try:
            saved = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if saved.get("version") == self.version:
            self.formulas = saved["formulas"]

    @staticmethod
    def key(tex: str, display: bool) -> str:
        return f"{'display' if display else 'inline'}:{tex}"

    def get(self, tex: str, display: bool) -> str | None:
        """The formula's markup for the page, or None if it has not been typeset."""
        typeset = self.formulas.get(self.key(tex, display))
        return None if typeset is None else for_the_page(typeset)

    def typeset(self, formulas: list[tuple[str, bool]]) -> dict[tuple[str, bool], str]:
        """Typeset the formulas not cached yet, in one run of Node; return the errors that
        MathJax reports, by formula (those are not cached)."""
        new = [pair for pair in dict.fromkeys(formulas) if self.key(*pair) not in self.formulas]
        errors = {}
        for formula, result in zip(new, typeset(new), strict=True):
            if "error" in result:
                errors[formula] = result["error"]
            else:
                self.formulas[self.key(*formula)] = result
                self.changed = True
        return errors

    def save(self) -> None:
        if self.changed:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            document = {"version": self.version, "formulas": self.formulas}
            self.path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
            self.changed = False
