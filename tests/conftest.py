"""Shared fixtures: paths, the MNIST files, small throwaway copies of the site, the built
site, a local web server, headless Chromium and the Node tools (W3C checker, axe-core)."""

import ast
import contextlib
import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import threading
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

import pytest

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
SITE = DOCS / "_build" / "html"
LANGUAGES = ("en", "zh_CN")
ARTIFACTS = REPO / "test-artifacts"


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
#: Node tools the validator and browser tests use, installed once into TOOLS by npm.
NODE_TOOLS = {"vnu-jar": "26.9.27", "axe-core": "4.14.1"}
TOOLS = Path(os.environ.get("PRIMER_TEST_TOOLS", REPO / ".cache" / "test-tools"))

#: Numbers the tests report at the end of the run (pages checked, links, validator messages).
STATS: dict[str, int] = defaultdict(int)
NOTES: list[str] = []


def pytest_addoption(parser):
    parser.addoption(
        "--update-snippets",
        action="store_true",
        help="rewrite each snippet's recorded .out file with its current output",
    )


def pytest_terminal_summary(terminalreporter):
    if STATS or NOTES:
        terminalreporter.section("what was checked")
        for key in sorted(STATS):
            terminalreporter.write_line(f"{key}: {STATS[key]}")
        for note in NOTES:
            terminalreporter.write_line(note)


def require(available: bool, reason: str) -> None:
    """Skip when a tool the test needs is missing, or fail where CI says it must be there."""
    if available:
        return
    if os.environ.get("PRIMER_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (PRIMER_REQUIRE_BROWSER=1: browser and validator tests must run)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def mnist_root():
    """A verified MNIST folder (provisioned once, as the docs build does)."""
    from mnist_data import ensure_mnist

    return ensure_mnist()


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


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def make_tiny_site(tmp_path: Path) -> Path:
    """A two-page site with one gallery example, built by the real conf.py and extensions.

    Returns the ``docs`` folder; its translations say 你好 where the English says hello.
    """
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("conf.py", "_ext", "_root", "_templates", "_static"):
        source = DOCS / name
        copy = shutil.copytree if source.is_dir() else shutil.copy
        copy(source, docs / name)
    shutil.copytree(REPO / "tools", tmp_path / "tools")  # conf.py reads the pins with them
    for requirements in REPO.glob("requirements*.txt"):
        shutil.copy(requirements, tmp_path)
    write(
        docs / "index.md",
        """
        # Tiny site

        ```{toctree}
        page
        examples/index
        ```
        """,
    )
    write(
        docs / "page.md",
        """
        ---
        file_format: mystnb
        kernelspec:
          name: python3
          display_name: Python 3
          language: python
        ---

        # A MyST page

        Hello from a MyST page.

        ```{code-cell} ipython3
        import time

        print("cell ran at", time.time_ns())
        ```

        $$
        \\int_0^1 x^2 \\, dx = \\frac{1}{3}
        $$

        ```pycon
        >>> answer = 6 * 7
        >>> print(answer)
        42
        ```
        """,
    )
    write(tmp_path / "gallery" / "README.rst", "Examples\n========\n\nAll examples.\n")
    write(tmp_path / "gallery" / "01-demo" / "README.rst", "Demo\n----\n\nOne example.\n")
    write(
        tmp_path / "gallery" / "01-demo" / "01_hello.py",
        '''
        """
        Hello gallery
        =============

        Hello from a gallery example.
        """

        # %%
        # A text cell.
        import time

        print("example ran at", time.time_ns())
        ''',
    )
    messages = docs / "locales" / "zh_CN" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    shutil.copy(DOCS / "locales" / "zh_CN" / "LC_MESSAGES" / "sphinx.po", messages)  # the UI's
    write(
        messages / "page.po",
        """
        msgid "Hello from a MyST page."
        msgstr "来自 MyST 页面的你好。"
        """,
    )
    write(
        messages / "examples" / "01-demo" / "01_hello.po",
        """
        msgid "Hello from a gallery example."
        msgstr "来自示例库的你好。"
        """,
    )
    return docs


@pytest.fixture
def tiny_site(tmp_path):
    return make_tiny_site(tmp_path)


@pytest.fixture(scope="session")
def tiny_built(tmp_path_factory):
    """The tiny site, built once per test run in both languages: ``(docs, html, log)``.

    Tests that change it work on a copy (:func:`copy_site`), never on this one.
    """
    docs = make_tiny_site(tmp_path_factory.mktemp("tiny"))
    from build_site import build_html

    log = docs.parent / "build.log"
    with open(log, "w") as stream, redirect_fds(stream):
        html = build_html(docs=docs, provision=False)
    return docs, html, log.read_text()


def copy_site(docs: Path, destination: Path) -> Path:
    """Copy a tiny site (sources, catalogs and build outputs) to ``destination``."""
    shutil.copytree(docs.parent, destination, symlinks=True)
    return destination / docs.name


# -- The built site -------------------------------------------------------------------------


def open_site(root: Path):
    """The built site in ``root`` as :class:`builtsite.Site`; fail clearly when it is missing."""
    from builtsite import Site

    missing = [lang for lang in LANGUAGES if not (root / lang / "index.html").is_file()]
    if missing or not (root / "index.html").is_file():
        pytest.fail(
            f"The built site is missing in {root} ({', '.join(missing) or 'root index.html'}): "
            "run nox -s docs first (nox -s tests builds it before testing).",
            pytrace=False,
        )
    return Site(root)


@pytest.fixture(scope="session")
def site():
    """The built site in docs/_build/html, both languages."""
    return open_site(SITE)


# -- A local web server and a browser --------------------------------------------------------


class _PagesHandler(http.server.SimpleHTTPRequestHandler):
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


@pytest.fixture(scope="session")
def serve():
    """``serve(folder, under="/")`` -> base URL of a thread-run HTTP server on 127.0.0.1 that
    serves ``folder`` at the path ``under`` (as GitHub Pages serves a project's site)."""
    servers = {}

    def start(folder: Path, under: str = "/") -> str:
        key = Path(folder).resolve(), under
        if key not in servers:
            handler = functools.partial(_PagesHandler, directory=str(key[0]), under=under)
            server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
            threading.Thread(target=server.serve_forever, daemon=True).start()
            servers[key] = server
        return f"http://127.0.0.1:{servers[key].server_port}{under}"

    yield start
    for server in servers.values():
        server.shutdown()
        server.server_close()


def chromium_executable() -> str | None:
    """The system's Chromium (Playwright's own download is not used)."""
    for candidate in (os.environ.get("PRIMER_CHROMIUM"), "chromium", "chromium-browser"):
        if candidate and shutil.which(candidate):
            return shutil.which(candidate)
    return None


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole run."""
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        require(False, "the playwright package is not installed")
    executable = chromium_executable()
    require(executable is not None, "Chromium is not installed (apt-get install chromium)")
    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(executable_path=executable)
        except Error as error:
            require(False, f"Chromium ({executable}) does not start: {error}")
        NOTES.append(f"browser: Chromium {chromium.version} ({executable})")
        yield chromium
        chromium.close()


@pytest.fixture
def tabs(browser):
    """``tabs(intercept=True, **context_options)`` opens a watched :class:`browsing.Tab`;
    all are closed afterwards."""
    from browsing import DESKTOP, Tab

    opened = []

    def open_tab(intercept: bool = True, **options) -> Tab:
        options.setdefault("viewport", DESKTOP)
        opened.append(Tab(browser, intercept, **options))
        return opened[-1]

    yield open_tab
    for tab in opened:
        tab.context.close()


# -- Node tools: the W3C Nu HTML checker and axe-core ---------------------------------------


def _installed(name: str, version: str) -> bool:
    manifest = TOOLS / "node_modules" / name / "package.json"
    return manifest.is_file() and json.loads(manifest.read_text())["version"] == version


@pytest.fixture(scope="session")
def node_tools() -> Path:
    """``node_modules`` holding the pinned vnu-jar and axe-core (npm install, once)."""
    if not all(_installed(name, version) for name, version in NODE_TOOLS.items()):
        npm = shutil.which("npm")
        require(npm is not None, "npm is not installed: it provides vnu-jar and axe-core")
        specs = [f"{name}@{version}" for name, version in NODE_TOOLS.items()]
        TOOLS.mkdir(parents=True, exist_ok=True)
        run = subprocess.run(
            [npm, "install", "--prefix", str(TOOLS), "--save-exact", "--ignore-scripts",
             "--no-audit", "--no-fund", *specs],
            capture_output=True, text=True,
        )  # fmt: skip
        require(run.returncode == 0, f"npm install {' '.join(specs)} failed:\n{run.stderr}")
    return TOOLS / "node_modules"
