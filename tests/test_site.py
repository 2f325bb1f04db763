"""The built site, read as a reader's browser would get it: both languages, every page.

Needs the site in docs/_build/html (``nox -s tests`` builds it first).
"""

import copy
import platform
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from helpers.checks import (
    ERROR,
    EXPECTED_ERROR,
    EXPECTED_WARNING,
    LATIN_WORD,
    WARNING,
    broken_links,
    english_left,
    outputs,
    unexpected_lines,
)
from helpers.pages import (
    css_urls,
    heading_text,
    is_other_host,
    main_content,
    resolve,
    title_of,
    urls_of,
)
from helpers.project import (
    OTHER,
    REPO,
    REPOSITORY,
    SITE_PATH,
    SITE_URL,
    conf_setting,
    gallery_pages,
    myst_pages,
)
from helpers.report import STATS

from primer.build.site import LANGUAGES
from primer.i18n.zh_check import CJK

pytestmark = pytest.mark.site

#: The first line every gallery example prints (see CONTRIBUTING.md).
DEVICE_LINE = re.compile(r"^device: (?P<device>\S+) \| torch (?P<torch>\S+) \| Python (?P<py>\S+)$")


# -- Pages ----------------------------------------------------------------------------------


def test_every_page_exists_in_both_languages(site):
    en, zh = set(site.pages("en")), set(site.pages("zh_CN"))
    STATS["pages checked (en)"] = len(en)
    STATS["pages checked (zh_CN)"] = len(zh)
    assert en == zh, f"only in en: {sorted(en - zh)}; only in zh_CN: {sorted(zh - en)}"
    expected = {"index.html", "search.html", "genindex.html", *gallery_pages(), *myst_pages()}
    assert not expected - en, f"sources without a built page: {sorted(expected - en)}"


def test_every_example_page_comes_from_a_current_example(site):
    built = {
        page
        for page in site.pages("en")
        if page.startswith("examples/") and not page.endswith("index.html")
    }
    assert built == set(gallery_pages()), "stale or missing example pages: rebuild the site"


@pytest.mark.parametrize("language", LANGUAGES)
def test_language_switcher_lands_on_the_same_page(site, language):
    problems = []
    for page in site.pages(language):
        path = f"{language}/{page}"
        # The theme repeats the header's switcher in the small-screen sidebar: all must agree.
        links = site.soup(path).select("a.primer-language-switch")
        if not links or len({(a["href"], a["data-fallback"]) for a in links}) != 1:
            problems.append(f"{path}: {len(links)} language switchers, not one target")
            continue
        target, _ = resolve(path, links[0]["href"])
        fallback, _ = resolve(path, links[0]["data-fallback"])
        if target != f"{OTHER[language]}/{page}" or not (site.root / target).is_file():
            problems.append(f"{path}: switcher goes to {target}")
        if fallback != f"{OTHER[language]}/index.html":
            problems.append(f"{path}: switcher falls back to {fallback}")
    assert not problems, "\n".join(problems)


# -- Links ----------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_broken_internal_links_or_anchors(site, language):
    problems, checked = broken_links(site, [f"{language}/{p}" for p in site.pages(language)])
    STATS[f"internal links and anchors checked ({language})"] = checked
    assert checked > 0
    assert not problems, f"{len(problems)} broken:\n" + "\n".join(problems)


def test_root_page_links_to_both_languages(site):
    problems, checked = broken_links(site, ["index.html"])
    assert not problems, "\n".join(problems)
    hrefs = {a["href"] for a in site.soup("index.html").find_all("a")}
    assert {"en/index.html", "zh_CN/index.html"} <= hrefs


# -- Executed content -----------------------------------------------------------------------


def provenance_of(site, path) -> str:
    found = site.soup(path).select("p.provenance")
    return " ".join(found[0].get_text().split()) if len(found) == 1 else ""


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_example_ran_and_recorded_its_run_time(site, language):
    problems = []
    for page in gallery_pages():
        path = f"{language}/{page}"
        soup = site.soup(path)
        timing = soup.select_one(".sphx-glr-timing-value")
        seconds = float(timing.get_text().split()[0]) if timing else 0.0
        if seconds <= 0:
            problems.append(f"{path}: no recorded run time ({timing and timing.get_text()!r})")
        blocks = soup.select(".sphx-glr-script-out")
        if not blocks:
            problems.append(f"{path}: no output: the example was not executed")
            continue
        first_line = blocks[0].get_text().strip().splitlines()[0]
        found = DEVICE_LINE.match(first_line)
        if not found:
            problems.append(f"{path}: first output line is {first_line!r}, not the device line")
            continue
        provenance = provenance_of(site, path)
        device = found["device"].split(":")[0].upper()
        if found["torch"] not in provenance or device not in provenance.upper():
            problems.append(f"{path}: ran with {first_line!r}, footer says {provenance!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_myst_pages_were_executed(site, language):
    problems = []
    for page, source in myst_pages().items():
        text = source.read_text(encoding="utf-8")
        cells = text.count("```{code-cell}") - text.count("remove-cell")
        soup = site.soup(f"{language}/{page}")
        shown = len(soup.select("div.cell"))
        if shown != cells:
            problems.append(f"{language}/{page}: {cells} cells in {source.name}, {shown} shown")
        if cells and "print(" in text and not outputs(soup):
            problems.append(f"{language}/{page}: code cells print, but the page has no output")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_output_shows_an_unexpected_error(site, language):
    found = unexpected_lines(site, language, ERROR, EXPECTED_ERROR)
    assert not found, (
        "Outputs with a traceback or error (a deliberate one is printed as "
        f"'{EXPECTED_ERROR}...'):\n" + "\n".join(found)
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_output_shows_an_unexpected_warning(site, language):
    found = unexpected_lines(site, language, WARNING, EXPECTED_WARNING)
    assert not found, (
        "Outputs with a warning (a deliberate one is printed as "
        f"'{EXPECTED_WARNING}...'):\n" + "\n".join(found)
    )


def test_deliberate_errors_are_still_shown(site):
    """The allowance above is used: the install page demonstrates `x.cuda()` failing."""
    shown = [
        line
        for block in outputs(site.soup("en/install.html"))
        for line in block.get_text().splitlines()
        if line.startswith(EXPECTED_ERROR)
    ]
    assert shown, "install.html no longer shows its expected error: update this test"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_image_exists_and_opens(site, language):
    from PIL import Image

    problems, opened = [], set()
    for page in site.pages(language):
        path = f"{language}/{page}"
        for element, url, _ in urls_of(site.soup(path)):
            if element.name not in ("img", "source") or is_other_host(url):
                continue
            target, _ = resolve(path, url)
            if target is None or target in opened:
                continue
            file = site.root / target
            try:
                if file.suffix == ".svg":
                    assert ElementTree.parse(file).getroot().tag.endswith("svg")
                else:
                    with Image.open(file) as image:
                        image.verify()
                    with Image.open(file) as image:
                        assert min(image.size) > 1, f"{image.size}"
                        image.load()
                opened.add(target)
            except Exception as error:  # noqa: BLE001 - every broken image is reported
                problems.append(f"{path}: {url}: {type(error).__name__}: {error}")
    STATS[f"images opened ({language})"] = len(opened)
    assert not problems, "\n".join(problems)


# -- Language ---------------------------------------------------------------------------------

#: Reader-visible blocks of the article body checked for untranslated English.
TEXT_BLOCKS = (
    "p, li, dt, dd, h1, h2, h3, h4, h5, h6, caption, figcaption, th, td, summary, "
    ".admonition-title, .sphx-glr-thumbnail-title"
)
#: Containers whose text is code, output or math, which stays as it is.
NOT_PROSE = (
    "pre, .highlight, .cell_input, .cell_output, .sphx-glr-script-out, .math, mjx-container, "
    ".sig, .sphx-glr-download"
)
#: Inline parts removed before counting words: code, literals, math, permalink signs, and
#: nested blocks (they are checked on their own).
NOT_PROSE_INLINE = "code, kbd, samp, tt, var, .pre, .math, a.headerlink, p, ul, ol, dl, table, div"


def test_zh_cn_pages_are_in_chinese(site):
    problems = []
    for page in site.pages("zh_CN"):
        article = main_content(site.soup(f"zh_CN/{page}"))
        not_prose = set(map(id, article.select(NOT_PROSE)))
        for block in article.select(TEXT_BLOCKS):
            if any(id(parent) in not_prose for parent in block.parents):
                continue
            prose = copy.copy(block)
            for part in prose.select(NOT_PROSE_INLINE):
                part.decompose()
            text = " ".join(prose.get_text(" ").split())
            if english_left(text):
                problems.append(f"zh_CN/{page}: <{block.name}> {text[:160]!r}")
        for element in article.select("[data-tooltip], img[alt]"):
            for attribute in ("data-tooltip", "alt"):
                if english_left(element.get(attribute, "")):
                    text = element[attribute][:160]
                    problems.append(f"zh_CN/{page}: {attribute} of <{element.name}> {text!r}")
    assert not problems, (
        "English left on zh_CN pages (translate it in docs/locales/zh_CN):\n" + "\n".join(problems)
    )


def figure_descriptions(site, language: str) -> dict[str, dict[int, str]]:
    """``{"02-training/03_mnist_cnn": {1: "...", ...}}``: what each lesson says its figures
    show (the list in its ``lesson`` directive), in ``language``, from ``course.json``."""
    record = site.course(language)
    return {
        lesson["page"].removeprefix("examples/").removesuffix(".html"): dict(
            enumerate(lesson["figures"], start=1)
        )
        for lesson in record["lessons"]
    }


#: The alt text Sphinx-Gallery falls back to: the file name, sphx_glr_03_mnist_cnn_001.png
#: giving "03 mnist cnn".
def file_name_alt(src: str) -> str:
    return re.sub(r"[-,_]", " ", Path(src).stem[len("sphx_glr_") : -len("_001")])


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_figure_has_alt_text_that_describes_it(site, language):
    """Alt text is what the lesson says each figure shows (translated in its catalog), never a
    file name."""
    described = figure_descriptions(site, language)
    problems, seen = [], set()
    for page in site.pages(language):
        if not page.startswith("examples/"):
            continue
        path = f"{language}/{page}"
        example = page.removeprefix("examples/").removesuffix(".html")
        for number, img in enumerate(main_content(site.soup(path)).select("img"), start=1):
            if img.find_parent(class_="sphx-glr-thumbcontainer"):
                continue  # a thumbnail: decorative (alt=""), its title is next to it
            alt = " ".join(img.get("alt", "").split())
            src = img.get("src") or img.get("srcset", "").split(",")[0].split()[0]
            seen.add((example, number))
            if not alt or alt.lower() == file_name_alt(src).lower() or alt.endswith(".png"):
                problems.append(f"{path}: figure {number} ({src}) has the alt text {alt!r}")
            elif alt != described.get(example, {}).get(number):
                problems.append(f"{path}: figure {number}: alt {alt!r} is not its description")
            elif language == "zh_CN" and not CJK.search(alt):
                problems.append(f"{path}: figure {number}: alt {alt!r} is not Chinese")
    unused = {(e, n) for e, figures in described.items() for n in figures} - seen
    problems += [f"{e} describes a figure {n} it does not show" for e, n in sorted(unused)]
    STATS[f"figure alt texts checked ({language})"] = len(seen)
    assert seen, "no figures found on the example pages"
    assert not problems, "\n".join(problems)


#: Where an English page may show Chinese: the site title, the language switcher, and the
#: glossary's Chinese column. (The root pages, language choice and 404, are bilingual.)
CHINESE_ALLOWED = ".logo__title, a.primer-language-switch, title"


def chinese_on_english_page(soup, page: str, site_title: str) -> list[str]:
    from bs4 import Comment

    found = []
    allowed = set(map(id, soup.select(CHINESE_ALLOWED)))
    if page == "glossary.html":
        allowed |= {id(dt) for dt in main_content(soup).select("dl.glossary dt")}
    for node in soup.find_all(string=True):
        if isinstance(node, Comment) or node.find_parent(["script", "style"]):
            continue
        text = node.replace(site_title, "")
        if CJK.search(text) and not any(id(p) in allowed for p in node.parents):
            found.append(f"<{node.parent.name}> {node.strip()[:100]!r}")
    for element in soup.find_all(True):
        if id(element) in allowed:
            continue
        for attribute, value in element.attrs.items():
            value = " ".join(value) if isinstance(value, list) else value
            if CJK.search(value.replace(site_title, "")):
                found.append(f"<{element.name} {attribute}> {value[:100]!r}")
    return found


def test_english_pages_have_no_stray_chinese(site):
    site_title = conf_setting("html_title")
    problems = []
    for page in site.pages("en"):
        found = chinese_on_english_page(site.soup(f"en/{page}"), page, site_title)
        problems += [f"en/{page}: {where}" for where in found]
    STATS["English pages checked for Chinese"] = len(site.pages("en"))
    assert not problems, "Chinese on the English site:\n" + "\n".join(problems)


def test_zh_cn_stylesheet_labels_output_and_sets_chinese_type(site):
    """Sphinx-Gallery's "Out:" is 输出 on Chinese pages, which also get a CJK font and no
    slanted emphasis (docs/_static/primer.css; the browser tests check the computed style)."""
    css = (site.root / "zh_CN" / "_static" / "primer.css").read_text(encoding="utf-8")
    rules = dict(re.findall(r"([^{}]+)\{([^{}]*)\}", re.sub(r"/\*.*?\*/", "", css, flags=re.S)))
    rules = {" ".join(selector.split()): body for selector, body in rules.items()}
    out = rules.get('html[lang^="zh"] .sphx-glr-script-out::before', "")
    assert "输出" in out, "no zh rule for the Out: label in primer.css"
    fonts = rules.get('html[lang^="zh"]', "")
    assert "--pst-font-family-base" in fonts and "Noto Sans CJK SC" in fonts
    emphasis = next((body for sel, body in rules.items() if 'html[lang^="zh"] em' in sel), "")
    assert "font-style: normal" in emphasis
    page = site.soup(f"zh_CN/{gallery_pages()[0]}")
    assert page.html["lang"].startswith("zh")
    (sheet,) = [link["href"] for link in page.select("link[rel=stylesheet]")]
    bundle = (site.root / "zh_CN" / gallery_pages()[0]).parent / sheet.split("?")[0]
    assert "/* _static/primer.css */" in bundle.read_text(encoding="utf-8")


#: Body text on a phone: 16 px in an article 358 px wide (a 390 px screen).
BODY_TEXT_PX, PHONE_ARTICLE_PX = 16, 358


def png_width(path: Path) -> int:
    """The width in pixels that a PNG file's header gives."""
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return int.from_bytes(header[16:20], "big")


def test_the_figure_style_keeps_text_at_body_size_on_a_phone():
    """The smallest text of a figure no wider than the style allows, scaled down to a phone's
    article, is still as large as the body text."""
    from primer.sphinxext.figure_style import DPI, FONT_SIZE, MAX_WIDTH

    shrink = min(1, PHONE_ARTICLE_PX / (MAX_WIDTH * DPI))
    assert FONT_SIZE * DPI / 72 * shrink >= BODY_TEXT_PX


def test_figures_take_their_text_size_from_the_style():
    """An example that sets a font size of its own escapes the phone-sized style."""
    pattern = re.compile(r"\b(fontsize|labelsize|size)\s*=")
    found = [
        f"{script.relative_to(REPO)}:{number}: {line.strip()}"
        for script in sorted((REPO / "gallery").glob("*/*.py"))
        for number, line in enumerate(script.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert not found, "leave font sizes to primer.sphinxext.figure_style:\n" + "\n".join(found)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_figure_fits_a_phone_and_has_a_2x_image(site, language):
    """Each figure is drawn at most MAX_WIDTH inches wide (src/primer/sphinxext/figure_style.py)
    and comes with an image at twice the resolution for sharp screens."""
    from primer.sphinxext.figure_style import DPI, MAX_WIDTH

    problems, seen = [], 0
    for page in gallery_pages():
        path = f"{language}/{page}"
        for img in main_content(site.soup(path)).select(
            "img.sphx-glr-single-img, img.sphx-glr-multi-img"
        ):
            seen += 1
            candidates = dict(
                reversed(c.split()) if len(c.split()) == 2 else ("1x", c.strip())
                for c in img.get("srcset", "").split(",")
                if c.strip()
            )
            if "2.00x" not in candidates:
                problems.append(f"{path}: {img.get('src')} has no 2x image: {candidates}")
                continue
            one, two = (
                site.root / resolve(path, url)[0] for url in (img["src"], candidates["2.00x"])
            )
            if png_width(one) > MAX_WIDTH * DPI:
                problems.append(f"{path}: {one.name} is {png_width(one)} px wide")
            if png_width(two) != 2 * png_width(one):
                problems.append(f"{path}: {two.name} is not twice as wide as {one.name}")
    STATS[f"figures checked for phones ({language})"] = seen
    assert seen, "no figures found on the example pages"
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_example_shows_an_empty_code_block(site, language):
    """A cell holding nothing but a configuration comment (a thumbnail's, say) is left
    empty once Sphinx-Gallery removes the comment."""
    empty = [
        f"{language}/{page}: code block {number} is empty"
        for page in gallery_pages()
        for number, block in enumerate(
            main_content(site.soup(f"{language}/{page}")).select("div.highlight pre"), 1
        )
        if not block.get_text().strip()
    ]
    assert not empty, "\n".join(empty)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_example_has_its_own_thumbnail(site, language, tmp_path):
    """No two gallery thumbnails are the same picture, and none is Sphinx-Gallery's generic
    one (an example without a figure names a drawing from src/primer/build/thumbnails.py)."""
    import sphinx_gallery
    from sphinx_gallery.gen_gallery import DEFAULT_GALLERY_CONF  # conf.py keeps the size
    from sphinx_gallery.gen_rst import scale_image

    scale_image(
        Path(sphinx_gallery.__file__).parent / "_static" / "no_image.png",
        tmp_path / "generic.png",
        *DEFAULT_GALLERY_CONF["thumbnail_size"],
    )
    generic = (tmp_path / "generic.png").read_bytes()
    path = f"{language}/examples/index.html"
    shown = {}
    for thumb in site.soup(path).select(".sphx-glr-thumbcontainer"):
        title = heading_text(thumb.select_one(".sphx-glr-thumbnail-title"))
        image = site.root / resolve(path, thumb.select_one("img")["src"])[0]
        shown.setdefault(image.read_bytes(), []).append(title)
    assert len(shown) == len(gallery_pages()) == sum(map(len, shown.values())), shown.values()
    assert generic not in shown, f"generic thumbnail for {shown.get(generic)}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_gallery_thumbnails_show_the_page_title(site, language):
    """Thumbnails carry their example's title and intro in the page's language."""
    problems, seen = [], 0
    for page in site.pages(language):
        if not page.startswith("examples/"):
            continue
        path = f"{language}/{page}"
        for thumb in site.soup(path).select(".sphx-glr-thumbcontainer"):
            seen += 1
            link = thumb.select_one("a.reference.internal")
            target, _ = resolve(path, link["href"])
            expected = title_of(site.soup(target))
            shown = heading_text(thumb.select_one(".sphx-glr-thumbnail-title"))
            if shown != expected:
                problems.append(f"{path}: thumbnail says {shown!r}, its page {expected!r}")
            if language == "zh_CN" and not CJK.search(thumb.get("data-tooltip", "")):
                problems.append(f"{path}: tooltip of {target} is not Chinese")
    assert seen, "no gallery thumbnails found"
    assert not problems, "\n".join(problems)


# -- Provenance and hosts -------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_carries_its_build_provenance(site, language):
    import torch

    problems = []
    for page in site.pages(language):
        text = provenance_of(site, f"{language}/{page}")
        versions = f"PyTorch {torch.__version__}", f"Python {platform.python_version()}"
        if not all(version in text for version in versions):
            problems.append(f"{language}/{page}: provenance line is {text!r}")
        elif not re.search(r"\b(CPU|CUDA|MPS|XPU|MTIA|HPU)\b", text):
            problems.append(f"{language}/{page}: no device in {text!r}")
    assert not problems, "\n".join(problems)


def test_no_page_fetches_from_another_host(site):
    problems, checked = [], 0
    for path in site.all_pages():
        for element, url, fetches in urls_of(site.soup(path)):
            if fetches:
                checked += 1
                if is_other_host(url):
                    problems.append(f"{path}: <{element.name}> fetches {url}")
    STATS["fetched URLs checked (both languages)"] = checked
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_stylesheets_fetch_nothing_from_another_host(site, language):
    problems = []
    for css in sorted((site.root / language / "_static").rglob("*.css")):
        for url in css_urls(css.read_text(encoding="utf-8", errors="replace")):
            if not url or url.startswith(("data:", "#")):
                continue
            if is_other_host(url):
                problems.append(f"{css.relative_to(site.root)}: {url}")
            elif not (css.parent / url.split("?")[0].split("#")[0]).exists():
                problems.append(f"{css.relative_to(site.root)}: {url} does not exist")
    assert not problems, "\n".join(problems)


def test_every_page_declares_the_site_icon(site):
    """Without it the browser asks for /favicon.ico, a 404 in the console of every reader."""
    wrong = []
    for path in site.all_pages():
        targets = [
            resolve(path, link.get("href", ""))[0]
            for link in site.soup(path).select("link[rel~=icon]")
        ]
        if len(targets) != 1 or targets[0] is None or not (site.root / targets[0]).is_file():
            wrong.append(f"{path}: {targets}")
    assert not wrong, "pages without the site icon:\n" + "\n".join(wrong)


#: Words that stay as they are on a Chinese page: names, and the label of the switch to English.
# Proper names that may stand alone in the interface (navigation entries, buttons).
NAMES = {
    "English",
    "PyTorch",
    "Primer",
    "Sphinx",
    "Ctrl",
    "K",
    "NumPy",
    "MNIST",
    "Python",
    "Adam",
    "torchvision",
}


def interface_strings(soup):
    """Visible text and reader-facing attributes of a page's interface (outside the article,
    plus the permalink titles inside it)."""
    from bs4 import Comment

    article = main_content(soup)
    for node in soup.body.find_all(string=True):
        if isinstance(node, Comment) or node.find_parent(["script", "style", "code", "kbd"]):
            continue
        if article in node.parents:
            continue
        yield node.parent.name, node.strip()
    for element in soup.body.find_all(attrs={"title": True}):
        if article not in element.parents or "headerlink" in element.get("class", []):
            yield f"{element.name}[title]", element["title"]
    for attribute in ("aria-label", "placeholder"):
        for element in soup.body.find_all(attrs={attribute: True}):
            yield f"{element.name}[{attribute}]", element[attribute]


def test_zh_cn_interface_is_in_chinese(site):
    found = {}
    for page in site.pages("zh_CN"):
        for where, text in interface_strings(site.soup(f"zh_CN/{page}")):
            words = set(LATIN_WORD.findall(text)) - NAMES
            if words and not CJK.search(text):
                found.setdefault((where, text), f"zh_CN/{page}")
    assert not found, "English in the zh_CN interface:\n" + "\n".join(
        f"{page}: <{where}> {text!r}" for (where, text), page in sorted(found.items())
    )


def faster_better_output(site, language) -> str:
    page = next(p for p in site.pages(language) if p.endswith("_faster_better.html"))
    blocks = site.soup(f"{language}/{page}").select(".sphx-glr-script-out")
    return "\n".join(block.get_text() for block in blocks)


#: A row of the faster-and-better page's accuracy table that a change won: ``+ name=value``,
#: one accuracy per seed, the mean, Δ and the ✓.
WON = re.compile(r"^\+ (\w+)=(\S+)\s+\d.*%.*✓\s*$", re.MULTILINE)
#: Any row of that table: ``+ name=value`` and the accuracies.
ROW = re.compile(r"^\+ (\w+)=(\S+)\s+\d[\d.]*%", re.MULTILINE)
#: The rows of its timing table for the changes it decides by time alone, ``channels_last``
#: and ``bfloat16`` (absent where the device refuses bfloat16).
SPEED = re.compile(
    r"^\+ (channels_last|bfloat16)=True\s+[\d.]+\s+[\d.]+\s+[\d.]+(  ✓)?$", re.MULTILINE
)
FINAL = re.compile(
    r"^(Recipe\(.*\)): seed=0 val accuracy [\d.]+% \| training time: [\d.]+ s$", re.MULTILINE
)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_recipe_is_the_tuned_baseline_with_exactly_the_changes_marked_won(site, language):
    """The faster-and-better page keeps a change only when the printed numbers support it:
    the baseline is the tuned rate, with ``channels_last`` and ``bfloat16`` exactly when their
    timing rows have a ✓; with ``bfloat16``, the accuracy table ends with a row that takes it
    out again; the ``recipe = Recipe(...)`` line adds exactly the rows marked ✓ (and drops
    ``bfloat16`` when its row has one); the baseline, in the recipe's precision, and the
    recipe train on the same budget (once when they are the same), the recipe last, and the
    test set is scored once."""
    output = faster_better_output(site, language)
    speed = SPEED.findall(output)
    baseline = re.search(r"^baseline = Recipe\((.*)\) \| max - min = ", output, re.MULTILINE)
    recipe = re.search(r"^recipe = (Recipe\((.*)\))$", output, re.MULTILINE)
    assert speed and baseline and recipe, "no channels_last timing, 'baseline =' or 'recipe ='"
    assert speed[0][0] == "channels_last", speed
    tuned = [field for field in baseline[1].split(", ") if field]
    assert [field for field in tuned if not field.startswith("lr=")] == [
        f"{name}=True" for name, won in speed if won
    ], f"{baseline[0]!r} against the timing rows {speed}"
    rows = ROW.findall(output)
    assert (("bfloat16", "False") in rows) == ("bfloat16=True" in tuned), rows
    won = WON.findall(output)
    added = {f"{name}={value}" for name, value in won if value != "False"}
    removed = {f"{name}=True" for name, value in won if value == "False"}
    fields = [field for field in recipe[2].split(", ") if field]
    assert set(fields) == (set(tuned) - removed) | added, f"{recipe[0]!r} against {won}"
    final_baseline = "Recipe({})".format(", ".join(f for f in tuned if f not in removed))
    assert FINAL.findall(output) == list(dict.fromkeys([final_baseline, recipe[1]]))
    assert len(re.findall(r"^test accuracy: [\d.]+% \([\d,]+ of 10,000\)$", output, re.M)) == 1


# -- Hosting: addresses, sitemaps, OpenGraph, links to the sources, the 404 page ----------------

#: Pages left out of the sitemaps: pages Sphinx generates, which are not among the
#: environment's documents that primer.sphinxext.hosting.write_sitemap lists.
NOT_IN_SITEMAP = {"search.html", "genindex.html"}
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML_LINK = "{http://www.w3.org/1999/xhtml}link"
HREFLANG = {"en": "en", "zh_CN": "zh-CN"}


def on_site(url: str) -> str | None:
    """The site-root-relative path of an address on the site, else None."""
    return url.removeprefix(SITE_URL) if url.startswith(SITE_URL) else None


def meta(soup, prop: str) -> str | None:
    found = soup.find("meta", property=prop)
    return found["content"] if found else None


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_names_its_address_and_language(site, language):
    """Canonical link, og:url and og:locale from html_baseurl = SITE_URL + language + "/";
    og:image is the static card, never a generated one (those draw no CJK glyphs). Search
    and the index, made without a document, get no OpenGraph tags."""
    problems = []
    for page in site.pages(language):
        path = f"{language}/{page}"
        soup = site.soup(path)
        canonical = [link["href"] for link in soup.select("link[rel=canonical]")]
        if canonical != [SITE_URL + path]:
            problems.append(f"{path}: canonical {canonical}")
        if page in NOT_IN_SITEMAP:
            continue
        if meta(soup, "og:url") != SITE_URL + path:
            problems.append(f"{path}: og:url {meta(soup, 'og:url')}")
        image = on_site(meta(soup, "og:image") or "")
        if image != f"{language}/_static/social-card.png" or not (site.root / image).is_file():
            problems.append(f"{path}: og:image {meta(soup, 'og:image')}")
        if meta(soup, "og:locale") != {"en": "en_US", "zh_CN": "zh_CN"}[language]:
            problems.append(f"{path}: og:locale {meta(soup, 'og:locale')}")
    assert not problems, "\n".join(problems)
    assert not list(site.root.glob("*/_images/social_previews")), "generated social cards"


def test_social_card_is_a_1200_by_630_png(site):
    from PIL import Image

    with Image.open(site.root / "en" / "_static" / "social-card.png") as card:
        assert (card.format, card.size) == ("PNG", (1200, 630))


def sitemap_entries(site, language) -> dict[str, dict[str, str]]:
    """``{loc: {hreflang: href}}`` of a language's sitemap."""
    tree = ElementTree.parse(site.root / language / "sitemap.xml")
    return {
        url.findtext(f"{SITEMAP}loc"): {
            link.get("hreflang"): link.get("href") for link in url.iter(XHTML_LINK)
        }
        for url in tree.getroot().iter(f"{SITEMAP}url")
    }


def test_root_sitemap_indexes_each_language_sitemap(site):
    root = ElementTree.parse(site.root / "sitemap.xml").getroot()
    assert root.tag == f"{SITEMAP}sitemapindex"
    listed = [on_site(loc.text) for loc in root.iter(f"{SITEMAP}loc")]
    assert listed == [f"{language}/sitemap.xml" for language in LANGUAGES]
    assert all((site.root / path).is_file() for path in listed)


@pytest.mark.parametrize("language", LANGUAGES)
def test_sitemap_lists_every_page_with_both_languages(site, language):
    """Every page but search and the index is listed once, at its address below the
    sitemap's own folder, and names its address in each language (itself included)."""
    entries = sitemap_entries(site, language)
    expected = {f"{language}/{page}" for page in site.pages(language)} - {
        f"{language}/{page}" for page in NOT_IN_SITEMAP
    }
    assert {on_site(loc) for loc in entries} == expected
    problems = []
    for loc, alternates in entries.items():
        page = on_site(loc).removeprefix(f"{language}/")
        wanted = {HREFLANG[lang]: f"{SITE_URL}{lang}/{page}" for lang in LANGUAGES}
        if alternates != wanted:
            problems.append(f"{loc}: alternates {alternates}")
        problems += [f"{loc}: {href} does not exist" for href in alternates.values()
                     if not (site.root / on_site(href)).is_file()]  # fmt: skip
    STATS[f"sitemap entries checked ({language})"] = len(entries)
    assert not problems, "\n".join(problems)


def expected_source(language: str, page: str) -> str | None:
    """The repository file that holds a page's text: its catalog in a translation, else its
    example script (a gallery README for a gallery index) or MyST page."""
    name = page.removesuffix(".html")
    if page in NOT_IN_SITEMAP:
        return None
    if language != "en":
        return f"docs/locales/{language}/LC_MESSAGES/{name}.po"
    if name.startswith("examples/"):
        rest = name.removeprefix("examples/")
        header = f"gallery/{rest.removesuffix('index')}README.rst"
        return header if rest.endswith("index") else f"gallery/{rest}.py"
    return f"docs/{name}.md"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_links_to_its_source_and_to_a_new_issue(site, language):
    edit = f"https://github.com/{REPOSITORY}/edit/main/"
    report = f"https://github.com/{REPOSITORY}/issues/new?"
    problems = []
    for page in site.pages(language):
        path = f"{language}/{page}"
        soup = site.soup(path)
        edits = [a["href"].removeprefix(edit) for a in soup.select("a.primer-edit-link")]
        source = expected_source(language, page)
        if edits != ([source] if source else []) or (source and not (REPO / source).is_file()):
            problems.append(f"{path}: edit links {edits}, expected {source}")
        reports = [a["href"] for a in soup.select("a.primer-report-link")]
        query = parse_qs(urlsplit(reports[0]).query) if len(reports) == 1 else {}
        if not reports[0].startswith(report) or path not in query.get("title", [""])[0]:
            problems.append(f"{path}: report links {reports}")
        elif SITE_URL + path not in query.get("body", [""])[0]:
            problems.append(f"{path}: the new issue does not name the page's address")
    assert not problems, "\n".join(problems)


def test_404_page_works_from_any_depth_below_the_site(site):
    """GitHub Pages serves the root 404.html for a missing URL at any depth: its links and
    its icon are relative to <base>, the site's path; both home pages and both searches."""
    soup = site.soup("404.html")
    assert [base["href"] for base in soup.find_all("base")] == [SITE_PATH]
    first = soup.head.find(lambda tag: tag.has_attr("href") or tag.has_attr("src"))
    assert first.name == "base", f"<{first.name}> comes before <base>"
    absolute = [url for _, url, _ in urls_of(soup) if url.startswith(("/", "http"))]
    assert not absolute, f"not relative to <base>: {absolute}"
    homes = {a["href"] for a in soup.select("main a")}
    assert homes == {f"{language}/index.html" for language in LANGUAGES}
    searches = {form["action"]: form.select_one("input")["name"] for form in soup.select("form")}
    assert searches == {f"{language}/search.html": "q" for language in LANGUAGES}
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert broken_links(site, ["404.html"])[0] == []
