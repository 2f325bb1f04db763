"""The built site: its pages, the addresses in them, and their text."""

from __future__ import annotations

import json
import posixpath
import re
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from primer.build.site import LANGUAGES

#: Folders of a language build that hold assets, not pages.
ASSET_FOLDERS = ("_static", "_images", "_downloads", "_sources", "jupyter_execute")
#: Attributes through which a page makes the browser fetch something, by element.
FETCHING = {
    "link": "href",
    "script": "src",
    "img": "src",
    "iframe": "src",
    "source": "src",
    "video": "src",
    "audio": "src",
    "track": "src",
    "embed": "src",
    "input": "src",
    "object": "data",
}
NAVIGATING = {"a": "href", "area": "href"}
#: ``<link rel>`` values that only name an address (the page's canonical address, its other
#: language): the browser fetches nothing for them.
NAMING_RELS = {"canonical", "alternate"}
#: Schemes that name no file of the site and ask no other host for anything.
LOCAL_SCHEMES = {"data", "blob", "about", "javascript"}


class Site:
    """The published site: ``root/index.html`` and one folder per language."""

    def __init__(self, root: Path):
        self.root = Path(root)

    def pages(self, language: str) -> list[str]:
        """Every HTML page of a language, as paths relative to its folder."""
        folder = self.root / language
        return sorted(
            path.relative_to(folder).as_posix()
            for path in folder.rglob("*.html")
            if path.relative_to(folder).parts[0] not in ASSET_FOLDERS
        )

    def root_pages(self) -> list[str]:
        """The site-wide pages at the site root: the language choice and the 404 page."""
        return sorted(path.name for path in self.root.glob("*.html"))

    def all_pages(self) -> list[str]:
        """Every page of the site relative to the site root, the root pages included."""
        pages = [f"{lang}/{page}" for lang in LANGUAGES for page in self.pages(lang)]
        return [*self.root_pages(), *pages]

    def soup(self, path: str) -> BeautifulSoup:
        return _parse(self.root / path)

    def course(self, language: str) -> dict:
        """The build's ``course.json``: the path, with each lesson's fields in ``language``."""
        return json.loads((self.root / language / "course.json").read_text(encoding="utf-8"))

    def text(self, path: str) -> str:
        return (self.root / path).read_text(encoding="utf-8")


@cache
def _parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def open_site(root: Path) -> Site:
    """The built site in ``root``; fail clearly when it is missing."""
    missing = [lang for lang in LANGUAGES if not (root / lang / "index.html").is_file()]
    if missing or not (root / "index.html").is_file():
        pytest.fail(
            f"The built site is missing in {root} ({', '.join(missing) or 'root index.html'}): "
            "build it with nox -s docs (or run the tests without --no-build).",
            pytrace=False,
        )
    return Site(root)


def ids_of(soup: BeautifulSoup) -> set[str]:
    """Every fragment a link may point to in a page: ``id``s and ``<a name>``s."""
    ids = {element["id"] for element in soup.find_all(id=True)}
    return ids | {element["name"] for element in soup.find_all("a", attrs={"name": True})}


def urls_of(soup: BeautifulSoup):
    """Yield ``(element, url, fetches)`` for every URL in a page's markup.

    ``fetches`` is True for URLs the browser requests by itself (styles, scripts, images,
    frames), False for links the reader may follow.
    """
    for table, fetches in ((FETCHING, True), (NAVIGATING, False)):
        for tag, attribute in table.items():
            for element in soup.find_all(tag, attrs={attribute: True}):
                names_only = tag == "link" and NAMING_RELS & set(element.get("rel", []))
                yield element, element[attribute].strip(), fetches and not names_only
    for element in soup.find_all(["img", "source"], attrs={"srcset": True}):
        for candidate in element["srcset"].split(","):
            if candidate.strip():
                yield element, candidate.split()[0], True
    for element in soup.find_all(style=True):
        for url in css_urls(element["style"]):
            yield element, url, True
    for element in soup.find_all("style"):
        for url in css_urls(element.get_text()):
            yield element, url, True


CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3""", re.S)


def css_urls(css: str) -> list[str]:
    return [(m.group(2) or m.group(4) or "").strip() for m in CSS_URL.finditer(css)]


def is_other_host(url: str) -> bool:
    """True if fetching ``url`` from the site would contact another host."""
    parts = urlsplit(url)
    if parts.scheme in LOCAL_SCHEMES:
        return False
    return bool(parts.netloc) or parts.scheme not in ("", "file")


def resolve(page: str, url: str) -> tuple[str | None, str]:
    """The site-root-relative file a relative ``url`` on ``page`` names, and its fragment.

    Returns ``(None, fragment)`` for a URL that leaves the site or names no file.
    """
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None, parts.fragment
    if not parts.path:
        return page, unquote(parts.fragment)
    if parts.path.startswith("/"):
        return None, parts.fragment  # absolute paths depend on where the site is hosted
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path)))
    if target == ".." or target.startswith("../"):
        return None, parts.fragment
    return target, unquote(parts.fragment)


def main_content(soup: BeautifulSoup):
    """The article body of a Sphinx page (or the main element where there is no article)."""
    return soup.select_one("article.bd-article") or soup.find("main") or soup.body


def heading_text(element) -> str:
    """Text of a heading or title without its permalink sign."""
    text = " ".join(
        part for part in element.find_all(string=True) if not part.find_parent("a", "headerlink")
    )
    return " ".join(text.split())


def title_of(soup: BeautifulSoup) -> str:
    h1 = main_content(soup).find("h1")
    return heading_text(h1) if h1 else ""
