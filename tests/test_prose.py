"""The prose of the built site agrees with what the examples print.

Prose is the text a page says in its own words: everything in the article except code,
executed output, math and the generated download footer. It may point at a printed number
("the table above shows ..."), but it never states one of its own:

* no **timing**: a number with a unit of time (``11 s``, ``3 ms``, ``2 秒``). The one
  exception is a reading time, a sentence that says only "about N minutes" (the
  ``Time:`` line of a lesson, and the cards of the home page, with the lesson's level);
* no **speed-up**: ``3× faster``, ``2x``, ``3 times faster``, ``快 3 倍``;
* no **accuracy percentage** (a percentage in a sentence about accuracy or error rate)
  unless the sentence links to its source, as a fact about published work does;
* no mention of **notes the reader cannot see** ("study note", "the notes", 笔记).

Each failure names the page and the sentence. Lesson pages also stay short: at most
``MAX_LESSON_WORDS`` words of English prose (``REFERENCE_PAGES``, read one section at a
time, at most their own number).

Needs the site in docs/_build/html (``nox -s tests`` builds it first).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass

import pytest
from bs4 import BeautifulSoup
from helpers.pages import main_content
from helpers.project import gallery_pages
from helpers.report import STATS

from primer.build.site import LANGUAGES

#: Elements whose text is not the page's prose: code, executed output, math, and what
#: Sphinx-Gallery generates around an example (run time, downloads, the "go to the end" note).
NOT_PROSE = ", ".join(
    [
        "pre",
        "code",
        ".highlight",
        ".sphx-glr-script-out",
        ".output",
        ".cell_output",
        ".rendered_html",
        ".math",
        "math",
        "mjx-container",
        "script",
        "style",
        ".headerlink",
        ".sphx-glr-timing",
        ".sphx-glr-footer",
        ".sphx-glr-signature",
        ".sphx-glr-download-link-note",
        ".primer-verified",  # the build writes it from docs/verified.json
        ".primer-demo",  # the digit demo's controls
    ]
)
#: The same without code and math inside a sentence, which count as words of the prose.
NOT_PROSE_OR_INLINE = ", ".join(
    "div.math" if part == ".math" else part
    for part in NOT_PROSE.split(", ")
    if part not in ("code", "math", "mjx-container")
)
#: Elements that hold prose; each is split into sentences.
BLOCKS = "p, li, dt, dd, th, td, h1, h2, h3, h4, h5, h6, figcaption, caption, .sd-card-title"
#: A sentence ends at . ! ? followed by a space, or at a Chinese full stop.
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[^a-z\s])|(?<=[。！？])")

#: A number, not the digits inside a name (``cu126``, ``mat2``); Chinese may touch it.
NUMBER = r"(?<![A-Za-z0-9_.])\d+(?:[.,]\d+)*"
#: A decade such as "the 2010s" is not a time.
DECADE = re.compile(r"\b1\d{2}0s\b|\b20\d0s\b")
TIME_UNITS = (
    r"(?:s|ms|µs|μs|us|ns|secs?|seconds?|milliseconds?|microseconds?|min|mins|minutes?"
    r"|h|hrs?|hours?)\b|秒|毫秒|微秒|分钟|小时"
)
TIMING = re.compile(rf"{NUMBER}\s*(?:{TIME_UNITS})", re.I)
MINUTES = re.compile(rf"{NUMBER}\s*(?:min|mins|minutes?\b|分钟)", re.I)
#: A reading time, alone in its sentence: "Time: about 20 minutes." / "用时：约 20 分钟。", or
#: with the level on a home page card: "About 20 minutes · level: beginner".
READING_TIME = re.compile(
    r"^(?:Time\s*:\s*)?about \d+ minutes(?:\.| · level: \w+)?$"
    r"|^(?:用时\s*[:：]\s*)?(?:约|大约)\s*\d+\s*分钟(?:[。.]| · 难度：\w+)?$",
    re.I,
)
SPEED_UP = re.compile(
    rf"{NUMBER}\s*[×xX](?!\s*\d)(?!\w)"  # 3× faster, 2x (but not 28×28 or 3 × 3)
    rf"|{NUMBER}\s*times\s+(?:faster|slower|quicker|as\s+fast)"
    rf"|{NUMBER}\s*%\s*(?:faster|slower|quicker)"
    rf"|(?:快|慢)了?\s*{NUMBER}\s*(?:倍|%)|{NUMBER}\s*倍",
    re.I,
)
PERCENTAGE = re.compile(rf"{NUMBER}\s*(?:%|％|percent\b)|百分之", re.I)
ACCURACY_WORDS = re.compile(r"accura|\berror\b|correct|准确率|正确率|错误率", re.I)
#: 笔记本 (电脑) is a laptop, not a note.
UNSEEN_NOTES = re.compile(r"\bstudy notes?\b|\bthe notes\b|\bnotes? \d{3}\b|笔记(?!本)", re.I)

#: The lesson pages: every example, and the MyST pages of the learning path.
LESSON_PAGES_OUTSIDE_GALLERY = ("why-pytorch.html", "install.html")
MAX_LESSON_WORDS = 1500
#: Pages read one section at a time, each section complete on its own: a reader arrives from
#: the search with one error message. They may be longer, up to this many words.
REFERENCE_PAGES = {"examples/02-training/06_common_mistakes.html": 2500}
WORD = re.compile(r"[A-Za-z0-9]+(?:['’.-][A-Za-z0-9]+)*")


@dataclass(frozen=True)
class Sentence:
    text: str
    sources: tuple[str, ...]  # addresses of the external links inside it


def prose_of(soup: BeautifulSoup, not_prose: str = NOT_PROSE) -> BeautifulSoup:
    """A copy of the page's article with everything that is not prose removed."""
    article = copy.copy(main_content(soup))
    for element in article.select(not_prose):
        element.decompose()
    return article


def sentences_of(soup: BeautifulSoup) -> list[Sentence]:
    """Every sentence of the page's prose, with the external links it carries."""
    found = []
    for block in prose_of(soup).select(BLOCKS):
        block = copy.copy(block)
        for inner in block.select(BLOCKS):  # read on its own (a list in a list item, ...)
            inner.decompose()
        text = " ".join(block.get_text(" ").split())
        links = [
            (" ".join(a.get_text(" ").split()), a["href"])
            for a in block.select("a[href]")
            if a["href"].startswith(("http://", "https://"))
        ]
        for part in SENTENCE_END.split(text):
            part = part.strip()
            if part:
                sources = tuple(href for label, href in links if label and label in part)
                found.append(Sentence(part, sources))
    return list(dict.fromkeys(found))


def problems_in(sentence: Sentence) -> list[str]:
    """What is wrong with one sentence of prose (nothing, usually)."""
    text = sentence.text
    problems = []
    timings = [m.group() for m in TIMING.finditer(DECADE.sub("", text))]
    if timings and not (READING_TIME.match(text) and all(MINUTES.match(t) for t in timings)):
        problems.append(f"states a time ({', '.join(timings)})")
    speed_ups = [m.group() for m in SPEED_UP.finditer(text)]
    if speed_ups:
        problems.append(f"states a speed-up ({', '.join(speed_ups)})")
    if PERCENTAGE.search(text) and ACCURACY_WORDS.search(text) and not sentence.sources:
        problems.append("states an accuracy without a link to its source")
    notes = [m.group() for m in UNSEEN_NOTES.finditer(text)]
    if notes:
        problems.append(f"mentions notes the reader cannot see ({', '.join(notes)})")
    return problems


def page_problems(soup: BeautifulSoup, page: str) -> list[str]:
    return [
        f"{page}: {problem}: {sentence.text!r}"
        for sentence in sentences_of(soup)
        for problem in problems_in(sentence)
    ]


def prose_words(soup: BeautifulSoup) -> int:
    """How many words of English prose a page has: its text cells with their inline code and
    math, not its code blocks or output (numbers count as words)."""
    return len(WORD.findall(prose_of(soup, NOT_PROSE_OR_INLINE).get_text(" ")))


def lesson_pages() -> list[str]:
    return [*LESSON_PAGES_OUTSIDE_GALLERY, *gallery_pages()]


# -- The rules, on small pages ----------------------------------------------------------------


def article(html: str) -> BeautifulSoup:
    return BeautifulSoup(
        f"<main><article class='bd-article'>{html}</article></main>", "html.parser"
    )


@pytest.mark.parametrize(
    ("html", "problem"),
    [
        ("<p>Training takes about 11 s on a laptop.</p>", "states a time (11 s)"),
        ("<p>One step costs 3.5 ms.</p>", "states a time (3.5 ms)"),
        ("<p>It ran for 2 seconds.</p>", "states a time (2 seconds)"),
        ("<p>The model trains in 5 minutes.</p>", "states a time (5 minutes)"),
        ("<p>训练用了 11 秒。</p>", "states a time (11 秒)"),
        ("<p>每一步约 3 毫秒。</p>", "states a time (3 毫秒)"),
        ("<p>channels_last is 3× faster here.</p>", "states a speed-up (3×)"),
        ("<p>The GPU is 2x quicker.</p>", "states a speed-up (2x)"),
        ("<p>That is 4 times faster than before.</p>", "states a speed-up (4 times faster)"),
        ("<p>GPU 上快 3 倍。</p>", "states a speed-up (快 3 倍)"),
        ("<p>The CNN reaches 99.2 % test accuracy.</p>", "states an accuracy"),
        ("<p>测试集准确率为 98%。</p>", "states an accuracy"),
        ("<p>As study note 002 says, the graph is static.</p>", "mentions notes"),
        ("<p>Where the notes go wrong.</p>", "mentions notes"),
        ("<p>笔记 001 写错了。</p>", "mentions notes"),
    ],
)
def test_each_rule_catches_its_pattern(html, problem):
    problems = page_problems(article(html), "page.html")
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"page.html: {problem}")


@pytest.mark.parametrize(
    "html",
    [
        "<p><strong>Time:</strong> about 20 minutes.</p>",
        "<p><strong>用时：</strong>约 20 分钟。</p>",
        "<p><strong>用时</strong>：约 15 分钟。</p>",
        "<p>不需要 GPU：普通笔记本电脑的 CPU 也能运行每个示例。</p>",
        "<p>Compare the card's estimate. <em>About 15 minutes.</em></p>",
        "<p class='primer-lesson-meta'>About 15 minutes · level: beginner</p>",
        "<p class='primer-lesson-meta'>约 15 分钟 · 难度：入门</p>",
        "<p>A 28×28 image and a 3 × 3 kernel, in batches of 64.</p>",
        "<p>Torch7 was used by many research groups in the early 2010s.</p>",
        "<p>Almost 80% of the parameters sit in one layer.</p>",
        "<p>The table above shows each device's time per step.</p>",
        "<pre>epoch 3: 11.2 s, 3× faster, accuracy 99.2 %</pre>",
        "<div class='sphx-glr-script-out'><p>time: 5 s</p></div>",
        "<p>It prints <code>2.5 s</code>.</p>",
        "<p class='sphx-glr-timing'>Total running time of the script: 2.63 s</p>",
        "<p>LeNet-5 reached 99.05 % accuracy on MNIST "
        "(<a href='https://doi.org/10.1109/5.726791'>LeCun et al., 1998</a>).</p>",
        "<p>Read the notebook, then the release notes.</p>",
    ],
)
def test_prose_that_follows_the_rules_passes(html):
    assert page_problems(article(html), "page.html") == []


def test_problems_name_the_page_and_the_sentence():
    html = "<p>Everything is fine. The GPU run took 4.2 s. Read on.</p>"
    assert page_problems(article(html), "en/a.html") == [
        "en/a.html: states a time (4.2 s): 'The GPU run took 4.2 s.'"
    ]


def test_word_count_leaves_out_code_and_output():
    html = (
        "<p>Four words of prose.</p><pre>not counted at all</pre>"
        "<div class='sphx-glr-script-out'><pre>nor this</pre></div>"
        "<p><code class='literal'>x</code> counts</p>"
    )
    assert prose_words(article(html)) == 6


# -- The built site ---------------------------------------------------------------------------


@pytest.mark.site
@pytest.mark.parametrize("language", LANGUAGES)
def test_prose_states_no_measured_number_and_no_unseen_notes(site, language):
    problems = []
    pages = site.pages(language)
    for page in pages:
        problems += page_problems(site.soup(f"{language}/{page}"), f"{language}/{page}")
    STATS[f"{language} pages checked for stated numbers"] = len(pages)
    assert not problems, "Prose that states what only the output may say:\n" + "\n".join(problems)


@pytest.mark.site
def test_lesson_pages_stay_short(site):
    counts = {page: prose_words(site.soup(f"en/{page}")) for page in lesson_pages()}
    STATS["lesson pages measured for length"] = len(counts)
    unknown = set(REFERENCE_PAGES) - set(counts)
    assert not unknown, f"REFERENCE_PAGES names no lesson: {unknown}"
    too_long = {
        page: words
        for page, words in counts.items()
        if words > REFERENCE_PAGES.get(page, MAX_LESSON_WORDS)
    }
    assert not too_long, f"more words of prose than allowed: {too_long}"
