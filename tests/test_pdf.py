"""The PDF of each language (``nox -s pdf``): every lesson's title is text in it, on the page
its bookmark and the contents name; one top-level bookmark per lesson in the course's order;
every font embedded and none of them Type3 (the glyphs Chromium prints for CFF fonts, whose
text extracts as look-alike radicals); page numbers that run through; the licence on the
first page; and the home page links the PDF where the deploy publishes it."""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from urllib.parse import urlsplit

import pytest
from helpers.project import REPO
from helpers.report import require

from primer.build import package as packaging
from primer.build import pdf as printing
from primer.build.browser import chromium_executable

LANGUAGES = ("en", "zh_CN")
#: Kangxi Radicals and CJK Radicals Supplement: what Type3 CJK glyphs extract as.
RADICALS = re.compile("[\u2e80-\u2eff\u2f00-\u2fdf]")


def need_chromium() -> None:
    require(
        chromium_executable() is not None, "Chromium is not installed (apt-get install chromium)"
    )


def normal(text: str) -> str:
    """NFKC, without spaces: PDF text puts line breaks and spaces where the layout did."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@pytest.fixture(scope="module")
def pdfs(site, tmp_path_factory):
    """Both languages' PDFs, printed from the built site (in a process of their own: the
    tests' Playwright already runs in this one)."""
    need_chromium()
    dist = tmp_path_factory.mktemp("pdf")
    command = [sys.executable, "-m", "primer.build.pdf", "--site", str(site.root), "--dist",
               str(dist)]  # fmt: skip
    run = subprocess.run(command, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stdout + run.stderr
    return {language: next(dist.glob(f"pytorch-primer-{language}-*.pdf")) for language in LANGUAGES}


@pytest.fixture(scope="module")
def readers(pdfs):
    from pypdf import PdfReader

    return {language: PdfReader(path) for language, path in pdfs.items()}


@pytest.fixture(scope="module")
def texts(readers):
    return {language: [page.extract_text() for page in reader.pages]
            for language, reader in readers.items()}  # fmt: skip


def top_bookmarks(reader) -> list:
    return [item for item in reader.outline if not isinstance(item, list)]


@pytest.mark.parametrize("language", LANGUAGES)
def test_one_bookmark_per_lesson_in_the_course_order_with_its_headings_below(
    readers, site, language
):
    reader = readers[language]
    titles = [normal(item.title) for item in top_bookmarks(reader)]
    assert titles == [normal(lesson["title"]) for lesson in printing.course(site.root, language)]
    children = [entry for entry in reader.outline if isinstance(entry, list)]
    assert len(children) == len(titles), "every lesson has its sections as bookmarks below it"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_lesson_title_is_text_on_the_page_its_bookmark_and_the_contents_name(
    readers, texts, site, language
):
    reader, pages = readers[language], texts[language]
    contents = normal(pages[1])
    for lesson, bookmark in zip(
        printing.course(site.root, language), top_bookmarks(reader), strict=True
    ):
        page = reader.get_destination_page_number(bookmark)
        assert normal(lesson["title"]) in normal(pages[page]), (lesson["title"], page + 1)
        entry = f"{lesson['number']}.{normal(lesson['title'])}{page + 1}"
        assert entry in contents, f"the contents do not say {entry!r}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_font_is_embedded_and_none_is_type3(readers, language):
    fonts = {}
    for page in readers[language].pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[font.get("/BaseFont", f"Type3 #{len(fonts)}")] = font
    assert fonts
    type3 = [name for name, font in fonts.items() if font["/Subtype"] == "/Type3"]
    assert not type3, f"Type3 fonts (no font file; CJK text extracts as radicals): {type3}"
    for name, font in fonts.items():
        if "/DescendantFonts" in font:  # a composite font: the descriptor is its descendant's
            font = font["/DescendantFonts"][0].get_object()
        descriptor = font["/FontDescriptor"].get_object()
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), f"{name} not embedded"


def test_chinese_text_extracts_as_itself_not_as_radicals(texts):
    text = re.sub(r"\s+", "", "".join(texts["zh_CN"]))  # pypdf spaces out CJK glyphs
    assert "张量" in text and "用" in text
    assert not RADICALS.findall(text)


@pytest.mark.parametrize("language", LANGUAGES)
def test_page_numbers_run_through(texts, language):
    pages = texts[language]
    total = len(pages)
    assert total > 50
    for number, text in enumerate(pages, start=1):
        assert f"{number} / {total}" in text, f"page {number}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_first_page_carries_the_licence_and_the_build(texts, language):
    first = normal(texts[language][0])
    licence = (REPO / "LICENSE").read_text(encoding="utf-8")
    for line in ("Copyright (c) 2026, PyTorch Primer contributors", "MIT License",
                 "Creative Commons Attribution 4.0 International"):  # fmt: skip
        assert line in licence and normal(line) in first, line
    info = packaging.build_info(None)
    assert normal(info["commit"]) in first


def test_code_that_would_be_cut_at_the_margin_stops_the_print(site, tmp_path):
    """The build's own check: a style that stops code from wrapping makes it fail, naming
    the lesson and the code."""
    need_chromium()
    unwrapped = tmp_path / "print.css"
    unwrapped.write_text(printing.PRINT_CSS.read_text(encoding="utf-8")
                         + "pre { white-space: pre !important; font-size: 20pt; }")  # fmt: skip
    script = (
        "import sys; from pathlib import Path; from primer.build import pdf;"
        f"pdf.PRINT_CSS = Path({str(unwrapped)!r});"
        f"sys.exit(pdf.main(['--site', {str(site.root)!r}, '--dist', {str(tmp_path)!r},"
        " '--language', 'en']))"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=600)  # fmt: skip
    assert run.returncode != 0
    assert "wider than the page, so cut at its margin" in run.stderr
    assert re.search(r"l\d+: <pre> import torch", run.stderr), run.stderr[-2000:]
    assert not list(tmp_path.glob("*.pdf"))


def test_each_home_page_links_its_languages_pdf_as_the_deploy_publishes_it(site):
    deploy = (REPO / ".github" / "workflows" / "deploy.yml").read_text(encoding="utf-8")
    assert 'offline/pytorch-primer-"$language".pdf' in deploy
    assert "primer.build.pdf" in deploy
    for language in LANGUAGES:
        home = (site.root / language / "index.html").read_text(encoding="utf-8")
        assert f'{packaging.PUBLISHED}pytorch-primer-{language}.pdf"' in home, language


def links(reader) -> tuple[list[str], int]:
    """The addresses that the PDF's links open, and how many links stay inside it."""
    addresses, inside = [], 0
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            action = annotation.get("/A")
            if action is not None and action.get_object()["/S"] == "/URI":
                addresses.append(str(action.get_object()["/URI"]))
            elif "/Dest" in annotation or action is not None:
                inside += 1
    return addresses, inside


@pytest.mark.parametrize("language", LANGUAGES)
def test_links_to_a_lesson_stay_inside_the_pdf_and_no_link_opens_the_disk(readers, site, language):
    addresses, inside = links(readers[language])
    assert all(address.startswith("https://") for address in addresses), [
        address for address in addresses if not address.startswith("https://")
    ][:5]
    pages = {f"/{language}/{lesson['page']}" for lesson in printing.course(site.root, language)}
    to_lessons = [address for address in addresses if urlsplit(address).path.endswith(tuple(pages))]
    assert not to_lessons, f"links to lessons that leave the PDF: {to_lessons[:5]}"
    assert inside > 2 * len(pages), "the contents and the lessons' links to each other"
