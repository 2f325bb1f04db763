"""Fixtures and pytest hooks: the MNIST files, the tiny site, the built site, a local web
server, headless Chromium through pytest-playwright, and the Node tools (W3C checker,
axe-core). The plain helpers they use are in helpers/, one module per concern."""

import importlib.util
from pathlib import Path

import pytest
from helpers.browser import DESKTOP, Tab
from helpers.files import redirect_fds
from helpers.node import install_node_tools
from helpers.pages import open_site
from helpers.project import SITE
from helpers.report import NOTES, STATS, require
from helpers.server import start_server
from helpers.tiny_site import make_tiny_site

from primer.build.browser import chromium_executable


def pytest_addoption(parser):
    parser.addoption(
        "--no-build",
        action="store_true",
        help="check the site already in docs/_build/html instead of bringing it up to date",
    )
    parser.addoption(
        "--update-snippets",
        action="store_true",
        help="rewrite each snippet's recorded .out file that differs from its output; "
        "the test of each rewritten file fails, naming it, so that the run that "
        "regenerates never passes",
    )


def pytest_terminal_summary(terminalreporter):
    if STATS or NOTES:
        terminalreporter.section("what was checked")
        for key in sorted(STATS):
            terminalreporter.write_line(f"{key}: {STATS[key]}")
        for note in NOTES:
            terminalreporter.write_line(note)


@pytest.fixture(scope="session")
def mnist_root():
    """A verified MNIST folder (provisioned once, as the docs build does)."""
    from primer.data.mnist import ensure_mnist

    return ensure_mnist()


# -- The tiny site (tests/tiny_site) --------------------------------------------------------


@pytest.fixture
def tiny_site(tmp_path):
    """A fresh copy of the tiny site, not built: its ``docs`` folder."""
    return make_tiny_site(tmp_path)


@pytest.fixture(scope="session")
def tiny_built(tmp_path_factory):
    """The tiny site, built once per test run in both languages: ``(docs, html, log)``.

    Tests that change it work on a copy (:func:`helpers.tiny_site.copy_site`), never on this one.
    """
    docs = make_tiny_site(tmp_path_factory.mktemp("tiny"))
    from primer.build.site import build_html

    log = docs.parent / "build.log"
    with open(log, "w") as stream, redirect_fds(stream):
        html = build_html(docs=docs, provision=False)
    return docs, html, log.read_text()


# -- The built site and a local web server --------------------------------------------------


@pytest.fixture(scope="session")
def site(request):
    """The built site in docs/_build/html, both languages, brought up to date once per run
    when a test first asks for it (as ``nox -s docs`` would: a rebuild with nothing changed
    executes nothing); tests that do not read the site build nothing."""
    from primer.build.site import build_html

    if not request.config.getoption("--no-build"):
        with request.config.pluginmanager.getplugin("capturemanager").global_and_fixture_disabled():
            build_html()
    return open_site(SITE)


@pytest.fixture(scope="session")
def serve():
    """``serve(folder, under="/")`` -> base URL of a local server that serves ``folder`` at
    the path ``under`` (as GitHub Pages serves a project's site); one server per folder."""
    servers = {}

    def start(folder: Path, under: str = "/") -> str:
        key = Path(folder).resolve(), under
        if key not in servers:
            servers[key] = start_server(*key)
        return f"http://127.0.0.1:{servers[key].server_port}{under}"

    yield start
    for server in servers.values():
        server.shutdown()
        server.server_close()


# -- Headless Chromium (pytest-playwright's fixtures) ----------------------------------------

if importlib.util.find_spec("pytest_playwright"):

    @pytest.fixture(scope="session")
    def browser_type_launch_args(browser_type_launch_args):
        """pytest-playwright's launch options, with the system's Chromium: Playwright's own
        browser download cannot be used here."""
        executable = chromium_executable()
        require(executable is not None, "Chromium is not installed (apt-get install chromium)")
        return {**browser_type_launch_args, "executable_path": executable}

    @pytest.fixture(scope="session")
    def launch_browser(launch_browser, browser_type_launch_args):
        """pytest-playwright's launcher (its ``browser`` fixture calls it once per run); a
        Chromium that does not start is a skip, or a failure with PRIMER_REQUIRE_BROWSER=1."""
        from playwright.sync_api import Error

        executable = browser_type_launch_args["executable_path"]

        def launch(**options):
            try:
                chromium = launch_browser(**options)
            except Error as error:
                require(False, f"Chromium ({executable}) does not start: {error}")
            NOTES.append(f"browser: Chromium {chromium.version} ({executable})")
            return chromium

        return launch

else:

    @pytest.fixture
    def new_context():
        require(False, "pytest-playwright is not installed (requirements-tests.txt pins it)")


@pytest.fixture
def tabs(new_context):
    """``tabs(intercept=True, **context_options)`` opens a watched :class:`helpers.browser.Tab` in a
    new context of pytest-playwright's ``browser`` (desktop size unless a viewport is given);
    pytest-playwright closes them all afterwards."""

    def open_tab(intercept: bool = True, **options) -> Tab:
        options.setdefault("viewport", DESKTOP)
        return Tab(new_context(**options), intercept)

    return open_tab


# -- Node tools: the W3C Nu HTML checker and axe-core ---------------------------------------


@pytest.fixture(scope="session")
def node_tools() -> Path:
    """``node_modules`` holding the vnu-jar and axe-core that package-lock.json locks (installed
    with ``npm ci`` when they are missing or another version)."""
    return install_node_tools()
