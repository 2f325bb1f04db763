"""What a phone must fetch before it can show a page (issue 19, item 4): the causes of a
slow first paint, checked on every built page; Lighthouse's scores themselves come from
``nox -s bench -- lighthouse`` (benchmarks/results/lighthouse-*.json)."""

import gzip
import re

from primer.sphinxext.first_paint import BLOCKING, BLOCKING_ON_SEARCH

#: What the search page runs the search with (the theme's search.html loads them).
SEARCH_MACHINERY = ("_static/searchtools.js", "_static/language_data.js", "searchindex.js")
SCRIPT = re.compile(r"<script\b[^>]*\bsrc=\"([^\"]+)\"[^>]*>")


def head(site, language, page):
    html = (site.root / language / page).read_text(encoding="utf-8")
    return html[: html.index("</head>")]


def test_no_script_file_blocks_the_first_paint_but_the_ones_inline_code_needs(site):
    for language in ("en", "zh_CN"):
        for page in site.pages(language):
            search = page == "search.html"
            allowed = (*BLOCKING_ON_SEARCH, *SEARCH_MACHINERY) if search else BLOCKING
            for tag in SCRIPT.finditer(head(site, language, page)):
                if re.search(r"\b(defer|async)\b", tag[0]):
                    continue
                path = re.sub(r"^(\.\./)*|\?.*$", "", tag[1])
                assert path in allowed, f"{language}/{page}: {tag[0]} blocks the first paint"


def test_only_the_search_page_loads_the_search_index(site):
    """Deferred or not, the index is bytes a lesson does not use (docs/_templates/layout.html)."""
    for language in ("en", "zh_CN"):
        for page in site.pages(language):
            html = (site.root / language / page).read_text(encoding="utf-8")
            loads = bool(re.search(r'<script[^>]+src="[^"]*searchindex\.js"', html))
            assert loads == (page == "search.html"), f"{language}/{page}"


def test_deferred_scripts_keep_their_order_with_what_needs_them(site):
    """Sphinx's translations call doctools.js's Documentation: both deferred, in that order,
    and the site's own call waits for the page to be parsed."""
    text = head(site, "zh_CN", "index.html")
    assert text.index("doctools.js") < text.index("translations.js")
    inline = re.findall(r"<script>([^<]*Documentation\.addTranslations[^<]*)</script>", text)
    assert inline and all(call.startswith("document.addEventListener(") for call in inline)


def test_a_first_visit_stays_within_its_byte_budget(site):
    """What a lesson without math asks for before its first paint: the page, its style
    sheets and blocking scripts, gzip-compressed as GitHub Pages serves them."""
    folder = site.root / "en" / "examples" / "01-fundamentals"
    text = (folder / "01_tensors.html").read_text(encoding="utf-8")
    start = text[: text.index("</head>")]
    sheets = re.findall(r'<link[^>]+rel="stylesheet"[^>]*href="([^"?]+)', start)
    sheets += re.findall(r'<link[^>]*href="([^"?]+)"[^>]*rel="stylesheet"', start)
    blocking = [
        m[1].split("?")[0]
        for m in SCRIPT.finditer(start)
        if not re.search(r"\b(defer|async)\b", m[0])
    ]
    files = [folder / "01_tensors.html", *(folder / path for path in {*sheets, *blocking})]
    total = sum(len(gzip.compress(path.read_bytes())) for path in files)
    # 78 KiB before this budget (2026-12-03: eleven blocking scripts, the search index among
    # them), 35 KiB after; the budget leaves room for a style sheet, not for those again
    assert total < 50 * 1024, f"{total / 1024:.0f} KiB before the first paint"
