"""A tiny site built in both languages by the real configuration and build script."""

import re

import pytest

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tiny_built):
    """The published folder of the tiny site (built once per run) and the build's output."""
    _, html, log = tiny_built
    return html, log


def read(html, language, page):
    return (html / language / page).read_text(encoding="utf-8")


def test_translated_strings_appear_on_gallery_and_myst_pages(built):
    html, _ = built
    gallery = "examples/01-demo/01_hello.html"
    assert "Hello from a gallery example." in read(html, "en", gallery)
    assert "来自示例库的你好。" in read(html, "zh_CN", gallery)
    assert "来自 MyST 页面的你好。" in read(html, "zh_CN", "page.html")
    assert "Hello from a MyST page." in read(html, "en", "page.html")


def ran_at(page: str, marker: str) -> str:
    """The time stamp a page's code printed when it ran, e.g. 'example ran at 17...'."""
    found = re.search(marker + r" (\d+)", page)
    assert found, f"no output {marker!r} on the page"
    return found.group(1)


@pytest.mark.parametrize(
    ("page", "marker"),
    [("examples/01-demo/01_hello.html", "example ran at"), ("page.html", "cell ran at")],
)
def test_each_language_shows_the_same_single_execution(built, page, marker):
    html, _ = built
    assert ran_at(read(html, "en", page), marker) == ran_at(read(html, "zh_CN", page), marker)


def test_second_language_executes_no_example(built):
    _, log = built
    executed = [line for line in log.splitlines() if "successfully executed" in line]
    assert executed == [
        "Sphinx-Gallery successfully executed 1 out of 1 file subselected by:",
        "Sphinx-Gallery successfully executed 0 out of 0 files subselected by:",
    ]


def test_run_time_is_localized_and_neutral(built):
    html, _ = built
    page = "examples/01-demo/01_hello.html"
    assert "脚本总运行时间：" in read(html, "zh_CN", page)
    assert "Total running time of the script:" in read(html, "en", page)
    assert "minutes" not in read(html, "zh_CN", page)


def test_switcher_links_to_the_same_page_in_the_other_language(built):
    html, _ = built
    assert 'href="../../../zh_CN/examples/01-demo/01_hello.html"' in read(
        html, "en", "examples/01-demo/01_hello.html"
    )
    assert 'href="../en/page.html"' in read(html, "zh_CN", "page.html")


def test_root_page_offers_both_languages_without_javascript(built):
    html, _ = built
    root = (html / "index.html").read_text(encoding="utf-8")
    assert 'href="en/index.html"' in root and 'href="zh_CN/index.html"' in root
    assert not (html / "jupyter_execute").exists()


def test_the_two_builds_share_the_executing(built):
    """The languages build at once (primer.build.handoff): the MyST page is executed once,
    by the zh_CN build while en executes the example, and en then finds it in the cache."""
    _, log = built
    english, chinese = log.split("=== sphinx-build html (zh_CN) ===")
    assert log.count("Executing notebook") == 1
    assert "Executing notebook" in chinese
    assert re.search(r"page\.md: Using cached notebook", english)
    assert re.search(r"page\.md: Using cached notebook", chinese)
