"""Lessons close with exercises: at least two numbered exercises, each followed by its
solution folded in a closed dropdown, in both languages. A solution's code is a snippet
(``snippets/exercises/``), which test_snippets runs and compares with its recorded output;
the downloads keep the exercises and leave the solutions out."""

import re

import pytest
from helpers.project import REPO, gallery_pages

from primer.build.site import LANGUAGES

#: Every lesson (example page) closes with exercises.
WITH_EXERCISES = gallery_pages()
HEADING = {"en": "Exercises", "zh_CN": "练习"}
SOLUTION = {"en": "Solution", "zh_CN": "参考答案"}
EXERCISE_SNIPPETS = REPO / "snippets" / "exercises"
INCLUDED = re.compile(r"literalinclude:: /\.\./snippets/exercises/(\S+)\.py")


def source_of(page: str):
    return REPO / "gallery" / page.removeprefix("examples/").replace(".html", ".py")


def exercises_section(soup, language: str):
    for heading in soup.select("article section > h2"):
        if heading.get_text().strip().rstrip("#").strip() == HEADING[language]:
            return heading.parent
    return None


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", WITH_EXERCISES)
def test_a_lesson_closes_with_exercises_whose_solutions_are_folded(site, language, page):
    soup = site.soup(f"{language}/{page}")
    section = exercises_section(soup, language)
    assert section is not None, f"{language}/{page} has no {HEADING[language]!r} section"
    exercises = section.select("ol > li")
    solutions = section.select("details.sd-dropdown")
    assert len(exercises) >= 2, f"{language}/{page}: {len(exercises)} exercise(s)"
    assert len(solutions) == len(exercises), f"{language}/{page}: one solution per exercise"
    for solution in solutions:
        assert not solution.has_attr("open"), f"{language}/{page}: a solution is unfolded"
        assert solution.summary.get_text().strip() == SOLUTION[language]
    last_heading = soup.select("article section > h2")[-1]
    assert last_heading.parent is section, f"{language}/{page}: exercises come last"


@pytest.mark.parametrize("page", WITH_EXERCISES)
def test_each_code_solution_is_a_recorded_snippet(page):
    names = INCLUDED.findall(source_of(page).read_text(encoding="utf-8"))
    assert names, f"{source_of(page)} includes no solution from {EXERCISE_SNIPPETS}"
    for name in names:
        assert (EXERCISE_SNIPPETS / f"{name}.out").is_file(), f"{name}.out is not recorded"


def test_every_exercise_snippet_is_shown_on_a_page():
    shown = {
        name
        for source in (REPO / "gallery").glob("*/*.py")
        for name in INCLUDED.findall(source.read_text(encoding="utf-8"))
    }
    unused = {path.stem for path in EXERCISE_SNIPPETS.glob("*.py")} - shown
    assert not unused, f"snippets/exercises/ holds solutions no page shows: {sorted(unused)}"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", WITH_EXERCISES)
def test_the_download_keeps_the_exercises_and_leaves_out_the_solutions(site, language, page):
    name = source_of(page).name
    (download,) = (site.root / language / "_downloads").glob(f"*/{name}")
    text = download.read_text(encoding="utf-8")
    assert f"# ## {HEADING[language]}" in text, f"{language} download of {name}"
    assert re.search(r"^# 2\. ", text, re.M), f"{language} download of {name}: no exercise 2"
    for solution in INCLUDED.findall(source_of(page).read_text(encoding="utf-8")):
        snippet = (EXERCISE_SNIPPETS / f"{solution}.py").read_text(encoding="utf-8")
        code = without_comments("\n".join(snippet.splitlines()[2:]))
        assert code not in without_comments(text), f"{language} download of {name}: {solution}"


def without_comments(python: str) -> str:
    """The code lines of ``python``, comments (and so a download's Markdown) removed."""
    lines = (re.sub(r"\s*#.*$", "", line) for line in python.splitlines())
    return "\n".join(line for line in lines if line.strip())
