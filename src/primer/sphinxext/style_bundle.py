"""One style sheet per page, with icon fonts cut down to the icons the site shows.

The theme links two style sheets (the second, pydata-sphinx-theme.css, 65 KB compressed,
imports basic.css: a round trip more before anything shows) and Sphinx and the extensions
nine more; on a phone's slow connection each costs a request before the first paint. And
the first layout asks for Font Awesome's fonts, 225 KB for the 25 or so icons the site
shows, at the same time as the page's text.

So each page links one style sheet, ``_static/primer-styles-<key>.css``: the theme's and
Sphinx's style sheets in their order (``@import`` inlined, ``url()`` rebased), without the
rules of the ~2,000 Font Awesome icons that no page or script names. Its ``@font-face``
rules point at copies of the icon fonts cut to the icons kept
(``_static/primer-icons/*.woff2``): the icons named in a class (``fa-github``) by a page or
a script, and those the theme's style sheet draws itself (breadcrumbs, admonitions,
downloads). The icons are drawn from the fonts by the style sheet, so the theme's
fontawesome.js, which would replace each icon with an SVG (for custom icons, which this
site has none of), is not loaded. docs/_templates/layout.html links the sheet.

The page names its sheet as it is written (the key is the list of sheets it stands for);
the sheet and the fonts are written when the build has finished, from what was copied into
``_static``, and the lists of every page ever written are kept in the doctree folder, so a
rebuild that writes no page still writes the sheets anew.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import posixpath
import re
from pathlib import Path

THEME_STYLESHEETS = ("_static/styles/theme.css", "_static/styles/pydata-sphinx-theme.css")
RECORD = "primer-styles.json"
ICON_FOLDER = "_static/primer-icons"
#: Font Awesome's rule for one icon (or several names of it): ``.fa-x,.fa-y{--fa:"\f0ed"}``,
#: ``.fa-a{--fa:"A"}``, ``.fa-1{--fa:"\31 "}``.
ICON_RULE = re.compile(r'((?:\.fa-[a-z0-9-]+,?)+)\{--fa:"([^"]+)"\}')
ICON_CLASS = re.compile(r"\bfa-[a-z0-9-]+")
#: Characters in Unicode's private use area: the icons a style sheet draws itself.
PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
IMPORT = re.compile(r"""@import\s+(?:url\()?["']?([^"')]+)["']?\)?\s*;""")
URL = re.compile(r"""url\(\s*(["']?)([^"')]+)\1\s*\)""")
FONT_FACE = re.compile(r"@font-face\{[^}]*\}")
#: What starts each sheet's part of the bundle.
PART = "/* {} */"
SOURCE_MAP = re.compile(r"/\*# sourceMappingURL=[^*]*\*/")


def bundle_name(sources: list[str]) -> str:
    key = hashlib.sha256("\n".join(sources).encode()).hexdigest()[:10]
    return f"_static/primer-styles-{key}.css"


def record_path(app) -> Path:
    return Path(app.doctreedir) / RECORD


def read_record(app) -> dict[str, list[str]]:
    try:
        return json.loads(record_path(app).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def link_one_sheet(app, pagename, templatename, context, doctree) -> None:
    """The page's style sheets become one, named in ``primer_stylesheet``."""
    if "css_files" not in context:
        return
    sources = [*THEME_STYLESHEETS, *(sheet.filename for sheet in context["css_files"])]
    if any("://" in source or not source.startswith("_static/") for source in sources):
        return  # a sheet from elsewhere: leave this page's sheets as they are
    name = bundle_name(sources)
    app.primer_style_sources = {**getattr(app, "primer_style_sources", {}), name: sources}
    context["primer_stylesheet"] = name
    context["css_files"] = []


# -- Writing the sheets -----------------------------------------------------------------------


def inline(outdir: Path, source: str, seen: frozenset[str] = frozenset()) -> str:
    """The text of the sheet at ``source`` (a path in the site), its ``@import``s inlined and
    every relative ``url()`` rebased to ``_static/``, where the bundle is."""
    if source in seen:
        raise RuntimeError(f"{source} imports itself")
    text = SOURCE_MAP.sub("", (outdir / source).read_text(encoding="utf-8"))
    folder = posixpath.dirname(source)

    def imported(match: re.Match) -> str:
        return inline(outdir, posixpath.normpath(posixpath.join(folder, match[1])), seen | {source})

    def rebased(match: re.Match) -> str:
        url = match[2]
        if re.match(r"^(data:|[a-z]+://|/|#)", url):
            return match[0]
        target = posixpath.normpath(posixpath.join(folder, url))
        return f'url("{posixpath.relpath(target, "_static")}")'

    return URL.sub(rebased, IMPORT.sub(imported, text))


def named_icons(outdir: Path) -> set[str]:
    """Every ``fa-*`` class that a page or one of the site's scripts names (not MathJax's,
    nor fontawesome.js, which names them all and is not loaded)."""
    static = outdir / "_static"
    scripts = [*static.glob("*.js"), *static.glob("scripts/*.js")]
    names: set[str] = set()
    for path in [*outdir.rglob("*.html"), *scripts]:
        if path.name == "fontawesome.js":
            continue
        names.update(ICON_CLASS.findall(path.read_text(encoding="utf-8", errors="replace")))
    return names


def css_character(value: str) -> int:
    """The code point of a one-character CSS string: ``\\f0ed``, ``\\31 ``, ``\\!`` or ``A``."""
    escaped = re.fullmatch(r"\\([0-9a-fA-F]{1,6}) ?", value)
    if escaped:
        return int(escaped[1], 16)
    return ord(value[1] if value.startswith("\\") else value[0])


def keep_named_icons(css: str, names: set[str]) -> tuple[str, set[int]]:
    """The sheet without the rules of icons nobody names, and the code points it draws."""
    drawn: set[int] = set()

    def kept(match: re.Match) -> str:
        if names.isdisjoint(selector.lstrip(".") for selector in match[1].split(",")):
            return ""
        drawn.add(css_character(match[2]))
        return match[0]

    css = ICON_RULE.sub(kept, css)
    drawn.update(ord(character) for character in PRIVATE_USE.findall(css))
    return css, drawn


def cut_font(source: Path, code_points: set[int]) -> bytes:
    """The font with only the glyphs of ``code_points``, as WOFF2."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    logging.getLogger("fontTools").setLevel(logging.WARNING)  # not a line per table cut
    font = TTFont(source, recalcTimestamp=False)  # the same bytes from one build to the next
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=code_points)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def cut_icon_fonts(outdir: Path, css: str, code_points: set[int]) -> str:
    """Each icon font of the sheet's ``@font-face`` rules, cut to ``code_points``; the rules
    point at the cut copies."""

    def cut(face: re.Match) -> str:
        rule = face[0]
        if "Font Awesome" not in rule:
            return rule
        for url in URL.findall(rule):
            font = outdir / "_static" / url[1]
            copy = f"{ICON_FOLDER}/{font.name}"
            write_if_changed(outdir / copy, cut_font(font, code_points))
            rule = rule.replace(url[1], posixpath.relpath(copy, "_static"))
        return rule

    return FONT_FACE.sub(cut, css)


def write_if_changed(path: Path, data: bytes) -> None:
    if not path.exists() or path.read_bytes() != data:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def write_sheets(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    sheets = {**read_record(app), **getattr(app, "primer_style_sources", {})}
    if not sheets:
        return
    outdir = Path(app.outdir)
    names = named_icons(outdir)
    for name, sources in sheets.items():
        css = "\n".join(f"{PART.format(source)}\n{inline(outdir, source)}" for source in sources)
        css, code_points = keep_named_icons(css, names)
        css = cut_icon_fonts(outdir, css, code_points)
        write_if_changed(outdir / name, css.encode("utf-8"))
    write_if_changed(record_path(app), json.dumps(sheets, indent=1).encode("utf-8"))


def setup(app):
    app.connect("html-page-context", link_one_sheet, priority=950)  # after others added theirs
    # After the theme's handler, which writes pygments.css anew with its light and dark styles.
    app.connect("build-finished", write_sheets, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": False}
