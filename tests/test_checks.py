"""The checks themselves, on small made-up pages: each one catches what it is meant to catch.

(A check that cannot fail proves nothing: these tests break a page on purpose.)
"""

import textwrap
import urllib.error
import urllib.request

import pytest
from bs4 import BeautifulSoup
from helpers.browser import OVERFLOW, PHONE
from helpers.checks import ERROR, EXPECTED_ERROR, broken_links, english_left, unexpected_lines
from helpers.files import write
from helpers.pages import Site, is_other_host, open_site, resolve, urls_of


@pytest.fixture
def made_up_site(tmp_path):
    """en/index.html links to a page that exists, one that does not, and a missing anchor."""
    write(
        tmp_path / "en" / "index.html",
        """
        <!DOCTYPE html><html lang="en"><head><title>t</title>
        <link rel="stylesheet" href="_static/here.css">
        <script src="https://cdn.example.com/library.js"></script></head>
        <body><main id="top">
        <a href="page.html#section">fine</a> <a href="#top">fine</a>
        <a href="gone.html">missing page</a> <a href="page.html#nowhere">missing anchor</a>
        <a href="../../outside.html">outside</a> <a href="https://example.com/">external link</a>
        <div class="sphx-glr-script-out"><pre>
        device: cpu | torch 2 | Python 3
        Expected error: RuntimeError: shown on purpose
        Traceback (most recent call last):
        ValueError: not on purpose
        mean error 0.1
        </pre></div>
        </main></body></html>
        """,
    )
    write(tmp_path / "en" / "page.html", '<html><body><h2 id="section">S</h2></body></html>')
    write(tmp_path / "en" / "_static" / "here.css", "body {}")
    return Site(tmp_path)


def test_a_missing_site_is_reported_with_what_to_do(tmp_path):
    with pytest.raises(pytest.fail.Exception, match="build it with nox -s docs"):
        open_site(tmp_path / "html")


def test_link_check_finds_missing_pages_anchors_and_escapes(made_up_site):
    problems, checked = broken_links(made_up_site, ["en/index.html"])
    assert checked == 6  # the stylesheet, the four relative links, the escape; not the others
    assert len(problems) == 3, problems
    assert any("gone.html does not exist" in p for p in problems)
    assert any("has no #nowhere" in p for p in problems)
    assert any("outside the site" in p for p in problems)


def test_other_hosts_are_recognised():
    assert is_other_host("https://cdn.example.com/library.js")
    assert is_other_host("//fonts.example.com/font.css")
    assert not is_other_host("../_static/styles/theme.css")
    assert not is_other_host("data:image/svg+xml;base64,AAAA")
    assert resolve("en/a/b.html", "../c.html#x") == ("en/c.html", "x")
    assert resolve("en/a.html", "#top") == ("en/a.html", "top")


def test_canonical_and_alternate_links_are_not_fetches():
    soup = BeautifulSoup(
        '<link rel="canonical" href="https://example.org/a.html">'
        '<link rel="alternate" hreflang="zh-CN" href="https://example.org/zh/a.html">'
        '<link rel="stylesheet" href="https://cdn.example.com/x.css">',
        "html.parser",
    )
    assert [url for _, url, fetches in urls_of(soup) if fetches] == [
        "https://cdn.example.com/x.css"
    ]


def status_and_body(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_server_serves_below_a_path_and_answers_like_github_pages(tmp_path, serve):
    write(tmp_path / "en" / "index.html", "home")
    write(tmp_path / "404.html", "not here")
    base = serve(tmp_path, under="/project/")
    assert base.endswith("/project/")
    assert status_and_body(f"{base}en/index.html") == (200, "home")
    assert status_and_body(f"{base}en/deep/missing.html") == (404, "not here")
    assert status_and_body(base.replace("/project/", "/en/index.html")) == (404, "not here")


def test_unexpected_errors_are_found_and_expected_ones_allowed(made_up_site):
    found = unexpected_lines(made_up_site, "en", ERROR, EXPECTED_ERROR)
    assert found == [
        "en/index.html: Traceback (most recent call last):",
        "en/index.html: ValueError: not on purpose",
    ]


def test_english_left_on_a_chinese_page_is_recognised():
    assert english_left("This paragraph was never translated into Chinese.")
    assert not english_left("张量（tensor）是 PyTorch 的基本数据类型。")
    assert not english_left("PyTorch Primer contributors")  # names: fewer than four words
    assert not english_left("")


@pytest.mark.browser
def test_a_tab_reports_console_errors_and_requests_elsewhere(tabs, tmp_path, serve):
    page = tmp_path / "page.html"
    page.write_text(
        textwrap.dedent(
            """
            <!DOCTYPE html><html lang="en"><head><title>t</title></head><body>
            <img src="https://example.com/x.png" alt="">
            <script>console.error("something broke")</script>
            <img src="missing.png" alt="">
            <div style="width: 1000px">wide</div>
            </body></html>
            """
        )
    )
    tab = tabs(viewport=PHONE)
    opened = tab.open(f"{serve(tmp_path)}page.html")
    problems = "\n".join(tab.problems)
    assert "request to another host: https://example.com/x.png" in problems
    assert "console error: something broke" in problems
    assert "HTTP 404" in problems and "missing.png" in problems
    assert opened.evaluate(OVERFLOW) == ["div"]
    with pytest.raises(AssertionError):
        tab.assert_clean()


@pytest.mark.browser
def test_a_tab_without_interception_sees_a_missing_site_icon(tabs, tmp_path, serve):
    (tmp_path / "index.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><title>t</title></head><body>x</body></html>'
    )
    tab = tabs(intercept=False)
    tab.open(serve(tmp_path)).wait_for_timeout(500)
    assert any("favicon.ico" in problem for problem in tab.problems), tab.problems
