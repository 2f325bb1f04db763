"""What the tests share, as plain functions and constants (the fixtures are in conftest.py):
the project's paths and settings, the run's summary, the tiny site, build logs, the built site
and the checks read on it, a local web server like GitHub Pages, watched browser tabs, and the
Node tools (W3C checker, axe-core) that package.json pins."""

from __future__ import annotations

import ast
import contextlib
import functools
import http.server
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
import textwrap
import threading
from collections import defaultdict
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from primer.build.site import LANGUAGES  # the languages the site is built in
from primer.i18n.zh_check import CJK  # a Chinese character

# -- The project ----------------------------------------------------------------------------

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
#: The built site: ``nox -s tests`` builds it before the tests run.
SITE = DOCS / "_build" / "html"
#: Every gallery example script.
EXAMPLES = sorted((REPO / "gallery").glob("*/*.py"))
#: Screenshots and other files the tests leave for a person to look at.
ARTIFACTS = REPO / "test-artifacts"
#: The sources of the tiny site (see :func:`make_tiny_site`).
TINY_SITE = Path(__file__).resolve().parent / "tiny_site"
#: What a copy of tests/tiny_site leaves out: what Python or a build may have left there.
IGNORED = shutil.ignore_patterns("__pycache__", "_build", "*.mo")
#: Each language's other language, where the switcher leads.
OTHER = {"en": "zh_CN", "zh_CN": "en"}
#: An address where nothing answers: the discard port.
UNREACHABLE = "http://127.0.0.1:9/"


def conf_setting(name: str) -> str:
    """A constant that docs/conf.py assigns (SITE_URL, REPOSITORY), read without running it."""
    for node in ast.parse((DOCS / "conf.py").read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and [getattr(t, "id", "") for t in node.targets] == [name]:
            return ast.literal_eval(node.value)
    raise KeyError(f"docs/conf.py assigns no {name}")


SITE_URL = conf_setting("SITE_URL")
#: Where GitHub Pages serves the site: the browser tests serve it there too.
SITE_PATH = urlsplit(SITE_URL).path
REPOSITORY = conf_setting("REPOSITORY")


def gallery_pages() -> list[str]:
    """The page of every example script, from the sources: examples/<folder>/<name>.html."""
    return sorted(f"examples/{script.parent.name}/{script.stem}.html" for script in EXAMPLES)


def myst_pages() -> dict[str, Path]:
    """The page of every MyST source in docs/, with its source."""
    return {
        f"{source.stem}.html": source
        for source in sorted(DOCS.glob("*.md"))
        if source.name != "README.md"
    }


# -- What the run reports -------------------------------------------------------------------

#: Numbers the tests report at the end of the run (pages checked, links, validator messages).
STATS: dict[str, int] = defaultdict(int)
#: Lines the run reports at its end (tool versions, warnings by count).
NOTES: list[str] = []


def require(available: bool, reason: str) -> None:
    """Skip when a tool the test needs is missing, or fail where CI says it must be there."""
    if available:
        return
    if os.environ.get("PRIMER_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (PRIMER_REQUIRE_BROWSER=1: browser and validator tests must run)")
    pytest.skip(reason)


# -- Files and build logs -------------------------------------------------------------------


def write(path: Path, text: str) -> Path:
    """Write ``text``, dedented, to ``path`` (its folders made as needed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


TERMINAL_CONTROL = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def plain_log(path: Path) -> str:
    """A build log as plain lines: colours and line erasing removed, and each progress update
    on a line of its own (Sphinx writes them over one line, ending in ``\\r``, when it thinks it
    talks to a terminal, e.g. with ``CI=true`` or ``FORCE_COLOR`` set)."""
    text = TERMINAL_CONTROL.sub("", path.read_text(encoding="utf-8"))
    return text.replace("\r\n", "\n").replace("\r", "\n")


@contextlib.contextmanager
def redirect_fds(stream):
    """Send this process's (and its children's) stdout and stderr to ``stream``."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    os.dup2(stream.fileno(), 1)
    os.dup2(stream.fileno(), 2)
    try:
        yield
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        for fd, copy in zip((1, 2), saved, strict=True):
            os.dup2(copy, fd)
            os.close(copy)


# -- The tiny site --------------------------------------------------------------------------


def make_tiny_site(folder: Path) -> Path:
    """tests/tiny_site copied to ``folder``, with the real conf.py, extensions, templates,
    static files, build tools and pins beside it: a two-page site with one gallery example,
    built by the real configuration. Returns its ``docs`` folder.

    Its catalogs say 你好 where the English says hello; the UI's catalog is the real one.
    """
    shutil.copytree(TINY_SITE, folder, dirs_exist_ok=True, ignore=IGNORED)
    docs = folder / "docs"
    for name in ("conf.py", "_root", "_templates", "_static", "inventories"):
        source = DOCS / name
        copy = shutil.copytree if source.is_dir() else shutil.copy
        copy(source, docs / name)
    for requirements in REPO.glob("requirements*.txt"):
        shutil.copy(requirements, folder)
    catalogs = Path("locales", "zh_CN", "LC_MESSAGES")
    shutil.copy(DOCS / catalogs / "sphinx.po", docs / catalogs)
    return docs


def copy_site(docs: Path, destination: Path) -> Path:
    """Copy a tiny site (sources, catalogs and build outputs) to ``destination``."""
    shutil.copytree(docs.parent, destination, symlinks=True)
    return destination / docs.name


# -- The built site -------------------------------------------------------------------------

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


# -- Checks read on the built site (tests/test_checks.py shows that each can fail) ----------

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


# -- A local web server like GitHub Pages ---------------------------------------------------


class PagesHandler(http.server.SimpleHTTPRequestHandler):
    """Serves ``directory`` at the path ``under``, and answers a missing file as GitHub Pages
    does: with the folder's ``404.html`` (where it has one) and status 404."""

    def __init__(self, *args, under: str = "/", **kwargs):
        self.under = under
        super().__init__(*args, **kwargs)

    def log_message(self, *args):  # one line per request would drown the test output
        pass

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.under):
            return str(Path(self.directory) / ".outside-the-site")  # no such file: a 404
        return super().translate_path("/" + path.removeprefix(self.under))

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def start_server(folder: Path, under: str = "/") -> http.server.ThreadingHTTPServer:
    """A thread-run HTTP server on 127.0.0.1 (any free port) serving ``folder`` at ``under``."""
    handler = functools.partial(PagesHandler, directory=str(folder), under=under)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


# -- Watched browser tabs -------------------------------------------------------------------

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def chromium_executable() -> str | None:
    """The system's Chromium (Playwright's own browser download is not used)."""
    for candidate in (os.environ.get("PRIMER_CHROMIUM"), "chromium", "chromium-browser"):
        if candidate and shutil.which(candidate):
            return shutil.which(candidate)
    return None


class Tab:
    """A page in a fresh browser context that records whatever a reader should never get.

    Requests to any host but 127.0.0.1 are reported and, with ``intercept`` (the default),
    blocked. Chromium asks for no /favicon.ico while requests are intercepted, so a tab
    without interception is needed to see that request fail.
    """

    def __init__(self, context, intercept: bool = True):
        self.problems: list[str] = []
        self.context = context
        if intercept:
            self.context.route("**/*", self._only_this_host)
        self.page = self.context.new_page()
        self.page.on("request", self._request)
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.problems.append(f"uncaught: {error}"))
        self.page.on("requestfailed", self._failed)
        self.page.on("response", self._response)

    @staticmethod
    def elsewhere(url: str) -> bool:
        parts = urlsplit(url)
        return parts.hostname != "127.0.0.1" and parts.scheme not in ("data", "blob")

    def _request(self, request):
        if self.elsewhere(request.url):
            self.problems.append(f"{self.page.url}: request to another host: {request.url}")

    def _only_this_host(self, route):
        if self.elsewhere(route.request.url):
            route.abort("blockedbyclient")
        else:
            route.continue_()

    def _console(self, message):
        if message.type == "error" and "ERR_BLOCKED_BY_CLIENT" not in message.text:
            where = message.location.get("url", "")
            self.problems.append(f"{self.page.url}: console error: {message.text} ({where})")

    def _failed(self, request):
        failure = request.failure or ""
        # Blocked requests are reported above; a navigation cancels what is still loading.
        if "ERR_BLOCKED_BY_CLIENT" not in failure and "ERR_ABORTED" not in failure:
            self.problems.append(f"{self.page.url}: request failed: {request.url} ({failure})")

    def _response(self, response):
        if response.status >= 400:
            self.problems.append(f"{self.page.url}: HTTP {response.status} for {response.url}")

    def open(self, url: str, wait_until: str = "networkidle"):
        """Go to ``url``. By default wait until the network has been idle for half a second,
        so that what the page requests after its load event is watched too; the tests that
        open every page wait for the load event only (a third of the time per page), and the
        tests of single pages keep watching for late requests."""
        self.page.goto(url, wait_until=wait_until)
        return self.page

    def assert_clean(self):
        assert not self.problems, "\n".join(self.problems)


#: Nothing if the page does not scroll sideways, else the first elements that stick out.
OVERFLOW = """() => {
  const width = window.innerWidth;
  if (document.scrollingElement.scrollWidth <= width) return [];
  const name = (e) => e.tagName.toLowerCase() + [...e.classList].map((c) => "." + c).join("");
  return [...document.querySelectorAll("body *")]
    .filter((e) => e.getBoundingClientRect().right > width + 1)
    .slice(0, 5)
    .map(name);
}"""


# -- Node tools: the W3C Nu HTML checker and axe-core ---------------------------------------

#: Where ``npm ci`` installs the tools that package.json pins (package-lock.json locks).
NODE_MODULES = REPO / "node_modules"


def node_tool_versions() -> dict[str, str]:
    """Each Node tool package-lock.json locks, and its version."""
    lock = json.loads((REPO / "package-lock.json").read_text(encoding="utf-8"))
    return {
        path.removeprefix("node_modules/"): entry["version"]
        for path, entry in lock["packages"].items()
        if path.startswith("node_modules/")
    }


def installed_node_tool(name: str) -> str | None:
    """The version of ``name`` in node_modules, or None."""
    manifest = NODE_MODULES / name / "package.json"
    return json.loads(manifest.read_text())["version"] if manifest.is_file() else None


def install_node_tools() -> Path:
    """``npm ci`` (no install scripts) unless node_modules already holds the locked versions;
    returns node_modules. Skips, or fails where CI needs the tools, without npm."""
    locked = node_tool_versions()
    if all(installed_node_tool(name) == version for name, version in locked.items()):
        return NODE_MODULES
    npm = shutil.which("npm")
    require(npm is not None, "npm is not installed: it provides vnu-jar and axe-core")
    run = subprocess.run(
        [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"],
        cwd=REPO, capture_output=True, text=True,
    )  # fmt: skip
    require(run.returncode == 0, f"npm ci (package-lock.json) failed:\n{run.stderr}")
    return NODE_MODULES
