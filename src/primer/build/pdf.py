"""The course as one PDF per language, printed by Chromium from the built site.

``python -m primer.build.pdf [--site DIR] [--dist DIR] [--language L] [--version V]`` (``nox
-s pdf``, after the build) writes ``dist/pytorch-primer-<language>-<version>.pdf``:

* a title page with the build's date and commit and the whole licence;
* the contents, each lesson with its page number;
* the lessons in the order of the course (``course.json``), each from a new page, with the
  outputs and figures of the examples as they ran when the site was built.

Each lesson's article is taken from its built page, its ids prefixed with the lesson's
number, so that links between lessons go to the lesson inside the PDF; links to pages that
are not lessons go to the website (the address each page names as its canonical one). What
only works on a screen goes (download buttons, the drawing demo, the heading anchors), every
tab of a tab set shows under its label, every folded block (the solutions) is open, and
code wraps instead of running off the page: the build stops, naming it, if anything would
still be cut at the margin. Formulas are the SVGs the build typeset (a site built without
Node, whose formulas need MathJax in a browser, is refused).

Chromium prints with the page numbers running through and one bookmark per lesson (its
headings below it), from a tagged PDF. Fonts: Chromium embeds a font with TrueType
outlines, and prints OpenType/CFF outlines (Noto CJK, the usual system CJK font) as Type3
glyphs, without font files and with text that extracts as look-alike radicals (用 → ⽤).
The PDF is printed with fonts from npm whose outlines are TrueType (``tools/pdf-fonts``,
installed with ``npm ci``): Noto Sans for English text, Noto Sans SC for Chinese text (and
the English words among it), Noto Sans Mono for code, Noto Sans Symbols 2 for signs such as
✓. The page numbers of the contents come from a first printing: the contents take the same
space in both, so the second printing puts every lesson on the page the first one did, and
the build checks that it did.
"""

from __future__ import annotations

import argparse
import json
import posixpath
import sys
import tempfile
from html import escape
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

from primer import REPO
from primer.build import math_svg
from primer.build.browser import require_chromium
from primer.build.node import npm_ci
from primer.build.package import DISTRIBUTION, build_info
from primer.build.site import LANGUAGES

SITE = REPO / "docs" / "_build" / "html"
FONTS = REPO / "tools" / "pdf-fonts"
FONT_STYLESHEETS = (
    "@fontsource/noto-sans/400.css",
    "@fontsource/noto-sans/700.css",
    "@fontsource/noto-sans-sc/400.css",
    "@fontsource/noto-sans-sc/700.css",
    "@fontsource/noto-sans-mono/400.css",
    "@fontsource/noto-sans-mono/700.css",
    "@fontsource/noto-sans-symbols-2/400.css",
)
PRINT_CSS = Path(__file__).with_name("print.css")
#: What only works on a screen, or repeats what the PDF already says.
SCREEN_ONLY = (
    "a.headerlink",  # the ¶ anchors
    "div.sphx-glr-download-link-note",  # "go to the end to download"
    "div.sphx-glr-footer",  # the download and Colab buttons
    "p.sphx-glr-signature",
    "div.primer-demo",  # the drawing demo needs the page's scripts
    "p.primer-next",  # the next lesson follows in the PDF
    "script",
)
PAGE = {
    "format": "A4",
    "margin": {"top": "16mm", "bottom": "18mm", "left": "16mm", "right": "16mm"},
}
#: The width that the page's margins leave, in CSS pixels (96 per inch): 210 mm - 2 × 16 mm.
PRINT_WIDTH = round((210 - 32) / 25.4 * 96)
#: What would be cut at the right margin: code, outputs, tables, figures and math wider than
#: the text (code and outputs wrap, so none should be).
OVERFLOWING = """() => {
  const right = document.documentElement.clientWidth + 1;
  return [...document.querySelectorAll('pre, table, img, mjx-container')]
    .filter((element) => element.getBoundingClientRect().right > right
                         || (['pre', 'table'].includes(element.localName)
                             && element.scrollWidth > element.clientWidth + 1))
    .map((element) => {
      const lesson = element.closest('.primer-pdf-lesson');
      const text = (element.textContent || element.getAttribute('src') || '').trim();
      return `${lesson ? lesson.id : 'front matter'}: <${element.localName}> ${text.slice(0, 60)}`;
    });
}"""
# Digits only: the footer is drawn without the page's fonts.
FOOTER = (
    '<div style="width:100%;text-align:center;font-size:8px;color:#555">'
    '<span class="pageNumber"></span> / <span class="totalPages"></span></div>'
)
WORDS = {
    "en": {
        "about": "The whole course in one document: {count} lessons, in the order of the "
        "website, with the output of every example as it ran when the site was built.",
        "built": "Built {date} from commit {commit}. The website, with the latest version of "
        "this PDF: {url}",
        "licence": "Licence: code under the MIT License, text under CC BY 4.0. The "
        "licence in full:",
        "contents": "Contents",
        "lesson": "Lesson {number}",
    },
    "zh_CN": {
        "about": "整个课程合为一份文档：{count} 课，顺序与网站相同，每个示例的输出都是构建网站时"
        "实际运行得到的。",
        "built": "构建于 {date}，来自提交 {commit}。网站（也提供这份 PDF 的最新版）：{url}",
        "licence": "许可：代码采用 MIT 许可，文字采用 CC BY 4.0 许可。许可全文（英文）：",
        "contents": "目录",
        "lesson": "第 {number} 课",
    },
}


class PrintError(SystemExit):
    """A PDF that cannot be built as described, with what to do."""


# -- Fonts ------------------------------------------------------------------------------------


def install_fonts() -> list[Path]:
    """The fonts' style sheets, after ``npm ci`` in tools/pdf-fonts unless it is done."""
    node_modules = npm_ci(FONTS)
    return [node_modules / name for name in FONT_STYLESHEETS]


# -- The document -----------------------------------------------------------------------------


def course(site: Path, language: str) -> list[dict]:
    path = site / language / "course.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))["lessons"]
    except (OSError, ValueError, KeyError) as error:
        raise PrintError(f"{path}: {error}; build the site first (nox -s docs)") from error


def read_page(site: Path, language: str, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / language / page).read_text(encoding="utf-8"), "html.parser")


def website(soup: BeautifulSoup, page: str) -> str:
    """The address of the language's site online, from the page's canonical address."""
    canonical = soup.find("link", rel="canonical")
    if canonical is None or not canonical["href"].endswith(page):
        raise PrintError(f"{page} names no canonical address ending in {page}: is html_baseurl "
                         "set in docs/conf.py?")  # fmt: skip
    return canonical["href"].removesuffix(page)


def resolve(page: str, href: str) -> tuple[str, str]:
    """``(path in the language's site, fragment)`` of a relative link on ``page``."""
    parts = urlsplit(href)
    if not parts.path:
        return page, parts.fragment
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), parts.path)), parts.fragment


def relink(article, page: str, ids: dict[str, str], folder: Path, online: str) -> None:
    """Ids prefixed with the lesson's; links to a lesson go inside the PDF, other links to
    the website; images are read from the built site."""
    for element in article.find_all(id=True):
        element["id"] = f"{ids[page]}-{element['id']}"
    for link in article.find_all("a", href=True):
        if urlsplit(link["href"]).scheme or link["href"].startswith("//"):
            continue
        target, fragment = resolve(page, link["href"])
        if target in ids:
            link["href"] = f"#{ids[target]}-{fragment}" if fragment else f"#{ids[target]}"
        else:
            link["href"] = online + target + (f"#{fragment}" if fragment else "")
    for image in article.find_all("img", src=True):
        if not urlsplit(image["src"]).scheme:
            image["src"] = (folder / resolve(page, image["src"])[0]).as_uri()
        image.attrs.pop("srcset", None)  # src is the full-size figure


def lesson_section(site: Path, language: str, lesson: dict, ids: dict[str, str]):
    """The lesson's article, ready to print, in a section of its own."""
    page = lesson["page"]
    soup = read_page(site, language, page)
    article = soup.select_one("article.bd-article")
    if article is None:
        raise PrintError(
            f"{site / language / page} has no <article class=bd-article>, where "
            "primer.build.pdf takes each lesson from: has the theme changed?"
        )
    for selector in SCREEN_ONLY:
        for element in article.select(selector):
            element.decompose()
    for folded in article.find_all("details"):  # the exercises' solutions, among others
        folded["open"] = ""
    relink(article, page, ids, site / language, website(soup, page))
    section = soup.new_tag("section", attrs={"class": "primer-pdf-lesson", "id": ids[page]})
    number = soup.new_tag("p", attrs={"class": "primer-pdf-number"})
    number.string = WORDS[language]["lesson"].format(number=lesson["number"])
    section.append(number)
    section.extend(list(article.children))
    return section


def stylesheets(site: Path, language: str, page: str) -> list[str]:
    """The site's style sheets, as a lesson links them, then the fonts' and ours."""
    folder = (site / language / page).parent
    sheets = [
        (folder / urlsplit(link["href"]).path).resolve().as_uri()
        for link in read_page(site, language, page).find_all("link", rel="stylesheet")
    ]
    return [*sheets, *(sheet.as_uri() for sheet in install_fonts()), PRINT_CSS.as_uri()]


def front_matter(language: str, lessons: list[dict], info: dict, pages: dict[str, int]) -> str:
    """The title page (with the licence) and the contents; ``pages``, the lessons' page
    numbers, is empty at the first printing, which reserves the same space for them."""
    words = WORDS[language]
    rows = "".join(
        f'<li><a href="#l{lesson["number"]}">{lesson["number"]}. {escape(lesson["title"])}</a>'
        f'<span class="primer-pdf-leader"></span>'
        f"<span>{pages.get(lesson['page'], '')}&#8199;</span></li>"
        for lesson in lessons
    )
    licence = (REPO / "LICENSE").read_text(encoding="utf-8")
    return f"""
<section class="primer-pdf-title">
  <p class="primer-pdf-heading">{escape(info["title"])}</p>
  <p>{escape(words["about"].format(count=len(lessons)))}</p>
  <p>{escape(words["built"].format(**info))}</p>
  <p>{escape(words["licence"])}</p>
  <pre class="primer-pdf-licence">{escape(licence)}</pre>
</section>
<nav class="primer-pdf-contents">
  <p class="primer-pdf-heading">{escape(words["contents"])}</p>
  <ol>{rows}</ol>
</nav>"""


def document(site: Path, language: str, info: dict, pages: dict[str, int]) -> str:
    """The whole course as one HTML page that reads its files from the built site."""
    lessons = course(site, language)
    ids = {lesson["page"]: f"l{lesson['number']}" for lesson in lessons}
    sections = "\n".join(str(lesson_section(site, language, lesson, ids)) for lesson in lessons)
    links = "\n".join(
        f'<link rel="stylesheet" href="{href}">'
        for href in stylesheets(site, language, lessons[0]["page"])
    )
    return f"""<!DOCTYPE html>
<html lang="{language.replace("_", "-")}" data-theme="light">
<head>
<meta charset="utf-8">
<title>{escape(info["title"])}</title>
{links}
</head>
<body>
<main class="bd-main"><div class="bd-content"><article class="bd-article">
{front_matter(language, lessons, info, pages)}
{sections}
</article></div></main>
</body>
</html>"""


def title_and_address(site: Path, language: str) -> dict:
    """The course's title in the language (its home page's heading) and its address."""
    home = read_page(site, language, "index.html")
    return {"title": home.find("h1").get_text(" ", strip=True).rstrip("#").strip(),
            "url": website(home, "index.html")}  # fmt: skip


# -- Printing ---------------------------------------------------------------------------------


def print_html(browser, html: Path, pdf: Path) -> None:
    """Print ``html`` once its fonts have loaded; anything that would be cut at the margin,
    or any request outside the disk, stops it."""
    outside: list[str] = []
    context = browser.new_context(viewport={"width": PRINT_WIDTH, "height": 1000})

    def only_files(route) -> None:
        if urlsplit(route.request.url).scheme == "file":
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", only_files)
    try:
        page = context.new_page()
        page.goto(html.as_uri(), wait_until="load", timeout=120_000)
        page.evaluate("document.fonts.ready.then(() => true)")
        page.emulate_media(media="print")
        cut = page.evaluate(OVERFLOWING)
        if cut:
            raise PrintError(
                f"{html}: wider than the page, so cut at its margin:\n" + "\n".join(cut)
            )
        page.pdf(path=str(pdf), print_background=True, display_header_footer=True,
                 header_template="<span></span>", footer_template=FOOTER, outline=True,
                 tagged=True, **PAGE)  # fmt: skip
    finally:
        context.close()
    if outside:
        raise PrintError(f"{html} asked for files outside the disk: {sorted(set(outside))}")


def lesson_pages(pdf: Path, lessons: list[dict]) -> dict[str, int]:
    """Each lesson's first page (from 1), from the PDF's top-level bookmarks."""
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    top = [item for item in reader.outline if not isinstance(item, list)]
    if len(top) != len(lessons):
        raise PrintError(f"{pdf} has {len(top)} top-level bookmarks for {len(lessons)} lessons: "
                         "each lesson must have exactly one <h1>")  # fmt: skip
    return {
        lesson["page"]: reader.get_destination_page_number(item) + 1
        for lesson, item in zip(lessons, top, strict=True)
    }


def build_pdf(browser, site: Path, language: str, info: dict, dist: Path, work: Path) -> Path:
    """Print the language's course twice: the second time with the contents' page numbers
    that the first printing gave."""
    info = {**info, **title_and_address(site, language)}
    lessons = course(site, language)
    html = work / f"{language}.html"
    pdf = dist / f"{DISTRIBUTION}-{language}-{info['version']}.pdf"
    html.write_text(document(site, language, info, {}), encoding="utf-8")
    print_html(browser, html, pdf)
    pages = lesson_pages(pdf, lessons)
    html.write_text(document(site, language, info, pages), encoding="utf-8")
    print_html(browser, html, pdf)
    if lesson_pages(pdf, lessons) != pages:
        pdf.unlink()
        raise PrintError(f"{pdf}: the contents' page numbers moved the lessons; none written")
    return pdf


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=SITE)
    parser.add_argument("--dist", type=Path, default=REPO / "dist")
    parser.add_argument("--language", action="append", choices=LANGUAGES)
    parser.add_argument("--version", help="the version (default: today's date, YYYY.M.D)")
    options = parser.parse_args(argv)
    languages = options.language or LANGUAGES
    if reason := math_svg.untypeset(options.site, languages):
        print(reason, file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright
    from pypdf import PdfReader

    info = build_info(options.version)
    options.dist.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="primer-pdf-") as work, sync_playwright() as play:
        browser = play.chromium.launch(executable_path=require_chromium())
        for language in languages:
            pdf = build_pdf(browser, options.site, language, info, options.dist, Path(work))
            pages = len(PdfReader(pdf).pages)
            print(f"{pdf.stat().st_size / 2**20:6.1f} MB  {pages:4d} pages  {pdf}")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
