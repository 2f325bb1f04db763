"""The course is one path: the home page lists the lessons in order, each lesson opens with
what you will learn, what you need and how long it takes, and ends with a link to the next
lesson on that path (the optional pages close it)."""

import posixpath

import pytest
from helpers.report import STATS

from primer.build.site import LANGUAGES

OPENING = {
    "en": ("What you will learn", "What you need", "Time"),
    "zh_CN": ("你将学到", "你需要", "用时"),
}
NEXT = {"en": "Next", "zh_CN": "下一步"}
#: The path ends with the last required lesson; what follows on the home page is optional.
LAST_LESSON = "examples/02-training/06_common_mistakes.html"


def path_on_home_page(site, language: str) -> list[str]:
    """The lesson pages the home page's cards link to, in order (the glossary is no lesson)."""
    cards = site.soup(f"{language}/index.html").select(".sd-card a.sd-stretched-link")
    pages = [card["href"].split("#")[0] for card in cards]
    return [page for page in pages if page != "glossary.html"]


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
        if tuple(labels[:3]) != OPENING[language]:
            problems.append(f"{page}: opens with {labels[:3]}, not {OPENING[language]}")
        expected = path[position + 1] if page != LAST_LESSON and position + 1 < len(path) else None
        found = next_link(soup, language, page)
        if expected and found != expected:
            problems.append(f"{page}: Next links to {found}, not {expected}")
        if not found:
            problems.append(f"{page}: no closing {NEXT[language]!r} paragraph with a link")
    STATS[f"lessons checked for opening and next ({language})"] = len(path)
    assert not problems, "\n".join(problems)
