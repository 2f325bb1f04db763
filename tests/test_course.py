"""The course is one path: the home page lists the lessons in order, each lesson opens with
what you will learn, what you need and how long it takes, and ends with a link to the next
lesson on that path (the optional pages close it)."""

import json
import posixpath
import re
import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from helpers.files import redirect_fds
from helpers.project import REPO, SITE_URL
from helpers.report import STATS
from helpers.tiny_site import copy_site

from primer.build.site import LANGUAGES, build_html
from primer.sphinxext.downloads import indented_body, split_options
from primer.sphinxext.redirects import download_path

OPENING = {
    "en": ("What you will learn", "What you need", "Time", "Level"),
    "zh_CN": ("你将学到", "你需要", "用时", "难度"),
}
NEXT = {"en": "Next", "zh_CN": "下一步"}
#: The most the examples may run, together, on the reference machine (2 CPU cores).
EXAMPLES_BUDGET_S = 130
#: The path ends with the last required lesson; what follows on the home page is optional.
LAST_LESSON = "examples/02-training/06_common_mistakes.html"


def path_on_home_page(site, language: str) -> list[str]:
    """The lesson pages the home page's numbered cards link to, in order."""
    cards = site.soup(f"{language}/index.html").select("ol.primer-lessons a.primer-lesson-link")
    return [card["href"].split("#")[0] for card in cards]


def label(strong) -> str:
    """A paragraph's bold lead-in without its colon, which Chinese MyST text keeps outside the
    bold (CommonMark does not close ``**`` between a full-width colon and a letter)."""
    return strong.get_text().strip().rstrip(":：")


def labels_in_order(soup) -> list[str]:
    return [label(strong) for strong in soup.select("article p > strong:first-child")]


def next_link(soup, language: str, page: str) -> str | None:
    """The page that the lesson's closing "Next" paragraph links to first."""
    for paragraph in soup.select("article p"):
        if paragraph.strong and label(paragraph.strong) == NEXT[language]:
            link = paragraph.find("a", href=True)
            target = link["href"].split("#")[0] if link else None
            return posixpath.normpath(posixpath.join(posixpath.dirname(page), target or ""))
    return None


@pytest.mark.site
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_home_page_lists_every_lesson_once_in_path_order(site, language):
    path = path_on_home_page(site, language)
    assert path[:2] == ["why-pytorch.html", "install.html"]
    assert len(path) == len(set(path)), "a lesson is listed twice"
    lessons = {page for page in site.pages(language) if page.startswith("examples/")}
    lessons = {page for page in lessons if not page.endswith("index.html")}
    assert lessons <= set(path), f"examples missing from the home page: {lessons - set(path)}"
    assert path.index(LAST_LESSON) < len(path) - 1, "no optional part after the course"


@pytest.mark.site
@pytest.mark.parametrize("language", LANGUAGES)
def test_each_lesson_opens_with_what_it_teaches_and_points_to_the_next(site, language):
    path = path_on_home_page(site, language)
    problems = []
    for position, page in enumerate(path):
        soup = site.soup(f"{language}/{page}")
        labels = labels_in_order(soup)
        if tuple(labels[:4]) != OPENING[language]:
            problems.append(f"{page}: opens with {labels[:4]}, not {OPENING[language]}")
        expected = path[position + 1] if page != LAST_LESSON and position + 1 < len(path) else None
        found = next_link(soup, language, page)
        if expected and found != expected:
            problems.append(f"{page}: Next links to {found}, not {expected}")
        if not found:
            problems.append(f"{page}: no closing {NEXT[language]!r} paragraph with a link")
    STATS[f"lessons checked for opening and next ({language})"] = len(path)
    assert not problems, "\n".join(problems)


def course_record(html, language: str) -> dict:
    """The build's ``course.json``: the path, with each lesson's fields in ``language``."""
    return json.loads((html / language / "course.json").read_text(encoding="utf-8"))


def cards(soup) -> list[tuple[str, str, str]]:
    """Each card of a home page: its number, the page it links to, and its summary."""
    return [
        (
            card.select_one(".primer-lesson-number").get_text().strip(" ·"),
            card.select_one("a.primer-lesson-link")["href"],
            card.select("p")[1].get_text(),
        )
        for card in soup.select("ol.primer-lessons > li.primer-lesson")
    ]


def next_chain(html, language: str, first: str) -> list[str]:
    """The pages met by following each lesson's Next link from ``first``, home page last."""
    chain, page = [], first
    while page not in chain and page != "index.html":
        chain.append(page)
        soup = BeautifulSoup((html / language / page).read_text(encoding="utf-8"), "html.parser")
        page = next_link(soup, language, page)
        assert page, f"{language}/{chain[-1]} has no Next link"
    return [*chain, page]


@pytest.mark.site
@pytest.mark.parametrize("language", LANGUAGES)
def test_cards_and_next_lines_follow_the_course_record(site, language):
    """One list: the cards are numbered 1…N in the order of ``course.json``, show each
    lesson's summary, and the Next links walk the same path to the home page."""
    record = course_record(site.root, language)
    path = [lesson["page"] for lesson in record["lessons"]]
    found = cards(site.soup(f"{language}/index.html"))
    assert [number for number, _, _ in found] == [str(n) for n in range(1, len(path) + 1)]
    assert [page for _, page, _ in found] == path
    summaries = [lesson["summary"] for lesson in record["lessons"]]
    assert [summary for _, _, summary in found] == summaries
    assert next_chain(site.root, language, path[0]) == [*path, "index.html"]


@pytest.mark.site
def test_lesson_budgets_fit_the_examples_budget(site):
    """The examples' declared run times add up to at most the course's budget for them
    (``nox -s bench -- build`` sets each against its measured time)."""
    lessons = course_record(site.root, "en")["lessons"]
    examples = [lesson for lesson in lessons if lesson["source"].startswith("gallery/")]
    total = sum(lesson["budget_s"] for lesson in examples)
    STATS["declared run time of the examples (s)"] = total
    assert total <= EXAMPLES_BUDGET_S, f"the examples' budgets add up to {total} s"


# -- Adding and removing a lesson (the tiny site) ----------------------------------------------

CONTRIBUTING = REPO / "CONTRIBUTING.md"
NEW_LESSON = Path("gallery", "01-demo", "02_my_topic.py")
NEW_CATALOG = Path("locales", "zh_CN", "LC_MESSAGES", "examples", "01-demo", "02_my_topic.po")


def lesson_template() -> str:
    """The script that CONTRIBUTING.md's "Add a lesson" tells a contributor to start from."""
    section = CONTRIBUTING.read_text(encoding="utf-8").split("## Add a lesson", 1)[1]
    return textwrap.dedent(re.search(r"```python\n(.*?)```", section, re.S)[1])


def template_fields(script: str) -> dict[str, str]:
    """The template's title and lesson fields, as the page's catalog holds them."""
    lines = script.splitlines()
    start = lines.index(".. lesson::")
    body, _ = indented_body(lines, start + 1)
    options, _ = split_options(body)
    title = next(line for line, under in zip(lines, lines[1:], strict=False) if set(under) == {"="})
    return {"title": title, **options}


def files_of_a_lesson() -> list[re.Pattern]:
    """The files that CONTRIBUTING.md's table says a lesson is, as patterns of paths."""
    section = CONTRIBUTING.read_text(encoding="utf-8").split("## Add a lesson", 1)[1]
    rows = re.findall(r"^\| `([^`]+)`", section, re.M)
    return [re.compile(re.sub(r"<[A-Za-z]+>", "[^/]+", re.escape(row)) + "$") for row in rows]


def test_contributing_lists_the_files_a_new_lesson_adds():
    """The files the tiny-site test adds for a new lesson are the ones CONTRIBUTING names."""
    patterns = files_of_a_lesson()
    assert len(patterns) == 3, patterns
    for added in (NEW_LESSON, Path("docs") / NEW_CATALOG):
        assert any(p.match(added.as_posix()) for p in patterns), f"{added} is not in the table"


def add_lesson(docs: Path) -> dict[str, str]:
    """Add CONTRIBUTING's lesson to the tiny site: its script and its translation, nothing
    else (its cross-references point at the real course, so they become plain text)."""
    script = re.sub(r":ref:`[^`]+`", "the lessons before", lesson_template())
    (docs.parent / NEW_LESSON).write_text(script, encoding="utf-8")
    fields = template_fields(script)
    chinese = {key: f"中文：{fields[key]}" for key in ("title", "summary", "reason")}
    chinese["search"] = "我的主题；另一个查询"
    catalog = "".join(
        f'msgid "{fields[key]}"\nmsgstr "{text}"\n\n' for key, text in chinese.items()
    )
    (docs / NEW_CATALOG).write_text(catalog, encoding="utf-8")
    return chinese


def build_quietly(docs: Path, name: str) -> Path:
    log = docs.parent / f"{name}.log"
    with open(log, "w") as stream, redirect_fds(stream):
        return build_html(docs=docs, provision=False)


@pytest.fixture(scope="module")
def changed_course(tiny_built, tmp_path_factory):
    """The tiny site with CONTRIBUTING's lesson added (built), its reason edited (built: the
    page before it is not read again), then its first example removed and its address
    redirected to the new one (built again): what each build published, in both languages."""
    docs = copy_site(tiny_built[0], tmp_path_factory.mktemp("course") / "site")
    chinese = add_lesson(docs)
    html = build_quietly(docs, "added")
    added = {lang: (course_record(html, lang), snapshot_pages(html, lang)) for lang in LANGUAGES}
    for path in (docs.parent / NEW_LESSON, docs / NEW_CATALOG):  # a new reason, both languages
        path.write_text(
            path.read_text(encoding="utf-8").replace("why to read", "why, now, to read")
        )
    build_quietly(docs, "edited")
    edited = {lang: snapshot_pages(html, lang)[HELLO] for lang in LANGUAGES}
    (docs.parent / "gallery" / "01-demo" / "01_hello.py").unlink()
    (docs / "locales" / "zh_CN" / "LC_MESSAGES" / "examples" / "01-demo" / "01_hello.po").unlink()
    with open(docs / "conf.py", "a", encoding="utf-8") as conf:  # its readers go to the new one
        conf.write(f"\nprimer_redirects = {{{HELLO[:-5]!r}: {NEW_PAGE[:-5]!r}}}\n")
    html = build_quietly(docs, "removed")
    removed = {lang: (course_record(html, lang), snapshot_pages(html, lang)) for lang in LANGUAGES}
    return {"added": added, "edited": edited, "removed": removed, "chinese": chinese, "html": html}


def snapshot_pages(html: Path, language: str) -> dict[str, str]:
    return {
        page.relative_to(html / language).as_posix(): page.read_text(encoding="utf-8")
        for page in (html / language).rglob("*.html")
    }


NEW_PAGE = "examples/01-demo/02_my_topic.html"
HELLO = "examples/01-demo/01_hello.html"


@pytest.mark.slow
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("change", "path"),
    [("added", ["page.html", HELLO, NEW_PAGE]), ("removed", ["page.html", NEW_PAGE])],
)
def test_adding_or_removing_a_lesson_changes_cards_and_next_chain(
    changed_course, language, change, path
):
    """A lesson added as CONTRIBUTING says (a script and its catalog) gets a card with the
    next number and joins the Next chain, in both languages; a removed one leaves both."""
    record, pages = changed_course[change][language]
    assert [lesson["page"] for lesson in record["lessons"]] == path
    home = BeautifulSoup(pages["index.html"], "html.parser")
    assert cards(home) == [
        (str(number), page, lesson["summary"])
        for number, (page, lesson) in enumerate(zip(path, record["lessons"], strict=True), start=1)
    ]
    chain, page = [], path[0]
    while page != "index.html":
        chain.append(page)
        page = next_link(BeautifulSoup(pages[page], "html.parser"), language, page)
    assert chain == path
    new = record["lessons"][-1]
    if language == "zh_CN":
        chinese = changed_course["chinese"]
        assert (new["title"], new["summary"]) == (chinese["title"], chinese["summary"])
        assert new["search"] == ["我的主题", "另一个查询"]
    if change == "removed":
        assert "example ran at" not in pages[HELLO], "the removed lesson is still published"


@pytest.mark.slow
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_lesson_before_shows_an_edited_reason(changed_course, language):
    """Editing a lesson's ``reason`` rewrites the Next line of the lesson before it, though
    that page's own source did not change."""
    before = changed_course["added"][language][1][HELLO]
    assert "why to read" in before and "why, now, to read" not in before
    assert "why, now, to read" in changed_course["edited"][language]


@pytest.mark.slow
@pytest.mark.parametrize("language", LANGUAGES)
def test_an_old_address_leads_to_the_new_page_and_downloads(changed_course, language):
    """``primer_redirects``: the removed lesson's address sends readers on to the page that
    replaced it, and the old addresses of its downloads (old Colab links) serve the new."""
    _, pages = changed_course["removed"][language]
    old = BeautifulSoup(pages[HELLO], "html.parser")
    assert old.select_one('meta[http-equiv="refresh"]')["content"] == "0; url=02_my_topic.html"
    assert old.select_one("body a")["href"] == "02_my_topic.html"
    assert old.select_one('link[rel="canonical"]')["href"].endswith(f"/{language}/{NEW_PAGE}")
    html = changed_course["html"] / language
    for suffix in (".py", ".ipynb", ".zip"):
        new = (html / download_path(NEW_PAGE[:-5] + suffix)).read_bytes()
        assert (html / download_path(HELLO[:-5] + suffix)).read_bytes() == new


def without_emphasis(text: str) -> str:
    """Text as it reads, without Markdown's or HTML's strong marks; spaces collapsed."""
    return " ".join(re.sub(r"\*\*|</?strong>", "", text).split())


@pytest.mark.site
@pytest.mark.parametrize("language", LANGUAGES)
def test_downloads_say_the_time_level_and_next_lesson(site, language):
    """A downloaded script says what its page says: the reading time and level under its
    opening, and at its end the Next line with the address of the following lesson (the
    home page after the last)."""
    record = course_record(site.root, language)
    lessons, problems = record["lessons"], []
    for position, lesson in enumerate(lessons):
        if not lesson["source"].startswith("gallery/"):
            continue
        [script] = (site.root / language / "_downloads").glob(f"*/{Path(lesson['source']).name}")
        docstring, *_, last_cell = script.read_text(encoding="utf-8").split("# %%")
        page = site.soup(f"{language}/{lesson['page']}")
        for label in OPENING[language][2:]:
            line = next(p for p in page.select("article p") if p.strong and label in p.strong.text)
            if without_emphasis(line.get_text()) not in without_emphasis(docstring):
                problems.append(f"{script.name}: no line {line.get_text()!r} in its docstring")
        following = lessons[position + 1]["page"] if position + 1 < len(lessons) else "index.html"
        if f"{SITE_URL}{language}/{following})" not in last_cell.replace("\n# ", " "):
            problems.append(f"{script.name}: its last cell does not lead to {following}")
    STATS[f"downloads checked for time, level and Next ({language})"] = len(lessons) - 2
    assert not problems, "\n".join(problems)
