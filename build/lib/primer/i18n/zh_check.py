"""Checks of the zh_CN catalogs: one terminology, and Chinese copywriting; and of the
built zh_CN pages: their prose as autocorrect wants it.

``python src/primer/i18n/zh_check.py [FILE.po ...]`` checks the given catalogs (all of
``docs/locales/zh_CN`` without arguments) and exits with 1 if it finds anything; the lint
runs it as a pre-commit hook and ``tests/test_chinese.py`` runs the same functions.
``python src/primer/i18n/zh_check.py --site [DIR]`` checks the prose of the zh_CN pages built in
``DIR`` (``docs/_build/html`` by default) instead.

Terminology
    ``docs/terms.toml`` maps each English term to the one Chinese term the zh_CN pages use
    (with the compounds that may stand for it and the variants that may not), and lists
    the terms that stay in English. A message whose English text holds a term, as a whole
    word in any case, must have that term's Chinese in its translation; no translation may
    hold a rejected variant. The glossary page shows the same table to readers.

Copywriting
    ``autocorrect-py`` (spaces between Chinese and Latin text or numbers, full-width
    punctuation in Chinese sentences, half-width in Latin text) reads each translation as a
    reader sees it: markup is reduced to the text it shows first (``{term}`张量``` and
    ``:term:`张量``` read 张量, ``[text](url)`` reads text, reST's ``\\ `` joins), because
    the markup itself is not prose and autocorrect takes its backticks for code spans.

Built pages
    A catalog cannot see everything a reader reads: the title a bare ``:ref:`` shows, the
    strings Sphinx and its extensions write around a translation. So autocorrect also reads
    each prose block of every built zh_CN page (paragraphs, list items, headings, table
    cells, captions), without code blocks, outputs and display math; inline math reads as
    a Latin letter, which it is to autocorrect.
"""

from __future__ import annotations

import re
import sys
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

# src/primer/i18n/ -> the checkout: the lint hook runs this file by its path
REPO = Path(__file__).resolve().parents[3]
DOCS = REPO / "docs"
SITE = DOCS / "_build" / "html"
CATALOGS = DOCS / "locales" / "zh_CN" / "LC_MESSAGES"
TERMS = DOCS / "terms.toml"
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


# -- Reading messages ------------------------------------------------------------------------


@dataclass(frozen=True)
class Message:
    catalog: str  # relative to the catalogs: examples/01-fundamentals/01_tensors.po
    id: str
    string: str

    def __str__(self) -> str:
        return f"{self.catalog}: {self.id!r}"


def catalogs(folder: Path = CATALOGS) -> list[Path]:
    return sorted(folder.rglob("*.po"))


def messages(po: Path, folder: Path = CATALOGS) -> list[Message]:
    """The translated messages of a catalog (the header and obsolete entries left out)."""
    from babel.messages.pofile import read_po

    with open(po, "rb") as stream:
        catalog = read_po(stream)
    name = catalog_name(po, folder)
    return [Message(name, m.id, m.string) for m in catalog if m.id and isinstance(m.id, str)]


def catalog_name(po: Path, folder: Path = CATALOGS) -> str:
    try:
        return po.resolve().relative_to(folder.resolve()).as_posix()
    except ValueError:
        return str(po)


def untranslated(po: Path, folder: Path = CATALOGS) -> list[str]:
    """The messages of a catalog that have no finished translation (empty, or fuzzy)."""
    from babel.messages.pofile import read_po

    with open(po, "rb") as stream:
        catalog = read_po(stream)
    return [
        f"{Message(catalog_name(po, folder), m.id, m.string)}\n"
        f"    {'fuzzy' if m.fuzzy else 'untranslated'}: expected a finished Chinese translation"
        for m in catalog
        if m.id and (not m.string or m.fuzzy)
    ]


#: What stands for a cross-reference without its own text (``:ref:`label```, ``{doc}`page```):
#: the title of the page it links to, which is Chinese on a Chinese page.
LINK = "链接"
#: Markup reduced to the text it shows, in order: literals before roles, roles before links.
MARKUP = {
    "rst": [
        (re.compile(r"``(.+?)``"), r"\1"),
        (re.compile(r":[\w:.-]+:`([^`<]*?)\s*<[^>`]*>`"), r"\1"),  # :ref:`text <target>`
        (re.compile(r":(?:ref|doc):`[^`]*`"), LINK),  # :ref:`label`: the target's title
        (re.compile(r":[\w:.-]+:`([^`]*)`"), r"\1"),  # :term:`张量`, :math:`x`
        (re.compile(r"`([^`<]+?)\s*(?:<[^>`]*>)?`__?"), r"\1"),  # `text <url>`_
        (re.compile(r"\*\*(.+?)\*\*"), r"\1"),
        (re.compile(r"(?<![\w*])\*([^*\s][^*]*?)\*(?![\w*])"), r"\1"),
        (re.compile(r"\\ "), ""),  # an escaped space joins, it shows nothing
    ],
    "md": [
        (re.compile(r"\{[\w:-]+\}`([^`<]*?)\s*<[^>`]*>`"), r"\1"),  # {term}`text <term>`
        (re.compile(r"\{(?:ref|doc)\}`[^`]*`"), LINK),
        (re.compile(r"\{[\w:-]+\}`([^`]*)`"), r"\1"),  # {term}`张量`
        (re.compile(r"`([^`]+)`"), r"\1"),
        (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),  # [text](url)
        (re.compile(r"\*\*(.+?)\*\*"), r"\1"),
        (re.compile(r"(?<![\w*])\*([^*\s][^*]*?)\*(?![\w*])"), r"\1"),
    ],
    "text": [],
}


def syntax_of(catalog: str) -> str:
    """The markup of a catalog's messages: reST for the gallery, MyST for the pages, none
    for the interface strings."""
    if catalog.startswith("examples/"):
        return "rst"
    return "text" if catalog == "sphinx.po" else "md"


def shown_text(text: str, syntax: str = "md") -> str:
    """What a reader sees of a message: markup reduced to the text it shows."""
    for pattern, replacement in MARKUP[syntax]:
        text = pattern.sub(replacement, text)
    return text


#: Code and addresses, which hold no prose: left out before looking for English terms.
NOT_PROSE = [
    re.compile(r"``.+?``"),
    re.compile(r"(?<![}:\w])`[^`<]+`(?!_)"),  # Markdown code, not a role's text or a link
    re.compile(r"<[^<>\s]+>"),  # targets of roles and links
    re.compile(r"\]\([^)]*\)"),  # Markdown link targets
    re.compile(r"https?://\S+"),
    re.compile(r"\{[\w:-]+\}|:[\w:.-]+:(?=`)"),  # role names
    re.compile(r"\$\$?[^$]+\$\$?"),  # math
    re.compile(r"%\(\w+\)\w|\$?\{\w+\}"),  # placeholders: %(device)s, {link}, ${count}
    re.compile(r"\b\w+(?:\.\w+)+(?:\(\))?"),  # names such as nn.Module, torch.compile()
]


def english_prose(text: str) -> str:
    for pattern in NOT_PROSE:
        text = pattern.sub(" ", text)
    return text


# -- Terminology ---------------------------------------------------------------------------


@dataclass
class Term:
    en: str
    zh: str = ""  # empty for a term that stays in English
    compounds: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    english: bool = False
    forms: list[str] = field(default_factory=list)  # more English forms (irregular plurals)

    @property
    def pattern(self) -> re.Pattern:
        """The English term as a whole word, any case, its plural and hyphenation too."""
        words = []
        for form in (self.en, *self.forms):
            parts = [re.escape(part) for part in re.split(r"[\s-]+", form)]
            words.append(r"[\s-]+".join(parts) + r"(?:s|es)?")
        return re.compile(r"(?<![\w-])(?:" + "|".join(words) + r")(?![\w-])", re.I)

    @property
    def accepted(self) -> list[str]:
        return [self.en] if self.english else [self.zh, *self.compounds]


@dataclass
class Waiver:
    catalog: str
    msgid: str  # the start of the message
    term: str
    reason: str

    def covers(self, message: Message, term: Term) -> bool:
        return (
            message.catalog == self.catalog
            and message.id.startswith(self.msgid)
            and term.en == self.term
        )


@dataclass
class TermTable:
    terms: list[Term]
    waivers: list[Waiver]

    def by_english(self) -> dict[str, Term]:
        return {term.en: term for term in self.terms}


@cache
def load_terms(path: Path = TERMS) -> TermTable:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    terms = [Term(en=en, **entry) for en, entry in data["terms"].items()]
    waivers = [Waiver(**entry) for entry in data.get("waivers", [])]
    return TermTable(terms, waivers)


def term_problems(msgs: list[Message], table: TermTable | None = None) -> list[str]:
    """Messages that hold an English term without its one Chinese term, or a rejected one."""
    table = table or load_terms()
    headwords = {term.en.lower() for term in table.terms}
    problems = []
    for message in msgs:
        if message.id.strip().lower() in headwords:
            continue  # a glossary headword, which the glossary keeps in English
        english = english_prose(message.id)
        for term in table.terms:
            for variant in term.rejected:
                if variant in message.string:
                    problems.append(
                        f"{message}\n    translation: {message.string!r}\n"
                        f"    uses {variant!r}: write {term.zh!r} ({term.en})"
                    )
            if not term.pattern.search(english):
                continue
            if term.english:
                found = term.en.lower() in message.string.lower()
            else:
                found = any(word in message.string for word in term.accepted)
            if found:
                continue
            if any(waiver.covers(message, term) for waiver in table.waivers):
                continue
            expected = term.en if term.english else term.zh
            problems.append(
                f"{message}\n    translation: {message.string!r}\n"
                f"    has {term.en!r} in English: expected {expected!r} in the translation"
            )
    return problems


# -- Copywriting -------------------------------------------------------------------------------


@cache
def _autocorrect():
    import autocorrect_py

    return autocorrect_py


def corrected(text: str) -> str:
    """``text`` as autocorrect would write it."""
    return _autocorrect().format(text)


def copywriting_problems(msgs: list[Message]) -> list[str]:
    """Translations whose reader-visible text autocorrect would change, with its version."""
    problems = []
    for message in msgs:
        shown = shown_text(message.string, syntax_of(message.catalog))
        fixed = corrected(shown)
        if fixed != shown:
            problems.append(f"{message}\n    reads:     {shown!r}\n    autocorrect: {fixed!r}")
    return problems


# -- Built pages -------------------------------------------------------------------------------

#: What a page's article holds that is not prose: code, outputs, display math, permalinks.
NOT_PROSE_HTML = (
    "pre, .highlight, .sphx-glr-script-out, .output, .cell_output, div.math, script, style,"
    " .headerlink"
)
#: Inline math, which reads as a symbol.
INLINE_MATH = "span.math, math, mjx-container"
#: Elements that hold prose.
PROSE_BLOCKS = "p, li, dt, dd, th, td, h1, h2, h3, h4, h5, h6, figcaption, caption"


def page_prose(html: str) -> list[str]:
    """The prose blocks of a built page's article, each as one line of the text it shows."""
    import copy

    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    article = soup.select_one("article.bd-article") or soup.find("main") or soup.body
    if article is None:
        return []
    article = copy.copy(article)
    for element in article.select(NOT_PROSE_HTML):
        element.decompose()
    for element in article.select(INLINE_MATH):
        element.replace_with("x")
    blocks = []
    for block in article.select(PROSE_BLOCKS):
        block = copy.copy(block)
        for inner in block.select(PROSE_BLOCKS):  # read on its own (a list in a list item)
            inner.decompose()
        text = " ".join(block.get_text().split())
        if text:
            blocks.append(text)
    return blocks


def built_pages(site: Path = SITE) -> list[Path]:
    """The zh_CN pages of a built site (its asset folders left out)."""
    folder = site / "zh_CN"
    return sorted(
        path
        for path in folder.rglob("*.html")
        if not path.relative_to(folder).parts[0].startswith("_")
    )


def page_copywriting_problems(html: str, page: str) -> list[str]:
    """The prose blocks of a built page that autocorrect would change, with its version."""
    return [
        f"{page}\n    reads:     {text!r}\n    autocorrect: {fixed!r}"
        for text in page_prose(html)
        if (fixed := corrected(text)) != text
    ]


def site_problems(site: Path = SITE) -> list[str]:
    pages = built_pages(site)
    if not pages:
        return [f"{site / 'zh_CN'}: no built pages; build the site first (nox -s docs)"]
    return [
        problem
        for page in pages
        for problem in page_copywriting_problems(
            page.read_text(encoding="utf-8"), page.relative_to(site).as_posix()
        )
    ]


# -- Command line ----------------------------------------------------------------------------


def main(argv: list[str]) -> int:
    if argv[:1] == ["--site"]:
        site = Path(argv[1]) if len(argv) > 1 else SITE
        problems, where = site_problems(site), f"the zh_CN pages of {site} (autocorrect)"
    else:
        problems = catalog_problems(argv)
        where = "the zh_CN catalogs (docs/terms.toml, autocorrect)"
    for problem in problems:
        print(problem)
    if problems:
        print(f"\n{len(problems)} problems in {where}")
    return 1 if problems else 0


def catalog_problems(argv: list[str]) -> list[str]:
    paths = [Path(arg) for arg in argv if arg.endswith(".po")] if argv else catalogs()
    problems = []
    for po in paths:
        msgs = messages(po)
        problems += copywriting_problems(msgs)
        problems += term_problems(msgs)
    return problems


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
