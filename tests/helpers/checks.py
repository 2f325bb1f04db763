"""Checks read on the built site (tests/test_checks.py shows that each can fail)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from helpers.pages import Site, ids_of, resolve, urls_of
from primer.i18n.zh_check import CJK  # a Chinese character

#: What an unexpected failure looks like in an output.
ERROR = re.compile(r"Traceback \(most recent call last\)|\b\w*(?:Error|Exception)\b")
WARNING = re.compile(r"\b\w*Warning\b")
EXPECTED_ERROR = "Expected error: "
EXPECTED_WARNING = "Expected warning: "
#: A zh_CN text block with this many Latin words and no Chinese character is untranslated.
ENGLISH_WORDS = 4
LATIN_WORD = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*")


def broken_links(site: Site, paths: list[str]) -> tuple[list[str], int]:
    """Every internal URL in ``paths`` whose file or ``#fragment`` does not exist, and how
    many internal URLs were checked."""
    problems, checked = [], 0
    for path in paths:
        for element, url, _ in urls_of(site.soup(path)):
            if urlsplit(url).scheme or urlsplit(url).netloc:
                continue  # other hosts (see test_site.py), data:, mailto: and javascript: URLs
            checked += 1
            target, fragment = resolve(path, url)
            if target is None:
                problems.append(f"{path}: <{element.name}> {url!r} points outside the site")
                continue
            file = site.root / target
            if file.is_dir():
                file, target = file / "index.html", f"{target}/index.html"
            if not file.is_file():
                problems.append(f"{path}: <{element.name}> {url!r}: {target} does not exist")
            elif fragment and file.suffix == ".html" and fragment not in ids_of(site.soup(target)):
                problems.append(f"{path}: <{element.name}> {url!r}: {target} has no #{fragment}")
    return problems, checked


def outputs(soup):
    """The executed output blocks of a page: Sphinx-Gallery's and myst-nb's."""
    return soup.select(".sphx-glr-script-out, .cell_output")


def unexpected_lines(site: Site, language: str, pattern, allowed_prefix: str) -> list[str]:
    """Output lines of a language's pages that match ``pattern`` without ``allowed_prefix``."""
    found = []
    for page in site.pages(language):
        for block in outputs(site.soup(f"{language}/{page}")):
            for line in block.get_text().splitlines():
                if pattern.search(line) and not line.lstrip().startswith(allowed_prefix):
                    found.append(f"{language}/{page}: {line.strip()[:200]}")
    return found


def english_left(text: str) -> bool:
    """True for text on a zh_CN page that is still English."""
    return len(LATIN_WORD.findall(text)) >= ENGLISH_WORDS and not CJK.search(text)
