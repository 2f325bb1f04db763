"""Rebuilding: a build with nothing changed reuses everything and publishes nothing; a changed
page is written again with the pages that show it; publishing copies only what changed."""

import copy
import os
import pickle
import re
from pathlib import Path

import pytest
from helpers.files import plain_log, redirect_fds
from helpers.tiny_site import copy_site

from primer.build.site import LANGUAGES, build_html, publish
from primer.upstream.removed_examples import remove_outputs_of_removed_examples
from primer.upstream.stable_config import ConfiguredDict, ConfiguredList

WRITTEN = re.compile(r"^writing output\.\.\. \[\s*\d+%\] (\S+)$", re.M)
TINY_PAGES = {
    "index",
    "page",
    "examples/index",
    "examples/01-demo/index",
    "examples/01-demo/01_hello",
}


# -- Publishing ------------------------------------------------------------------------------


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def identities(folder: Path) -> dict[str, tuple[int, int]]:
    """Each file's inode and modification time: a copied file gets new ones."""
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file()
    }


@pytest.fixture
def published(tmp_path):
    """A staged build of one language, published once: ``(staging, html, root_pages)``."""
    staging, html, root = tmp_path / "staging", tmp_path / "html", tmp_path / "root"
    for name, text in {"index.html": "home", "a/page.html": "page", "a/old.html": "old"}.items():
        (staging / "en" / name).parent.mkdir(parents=True, exist_ok=True)
        (staging / "en" / name).write_text(text)
    root.mkdir()
    (root / "index.html").write_text("choose a language")
    publish(staging, html, root, ["en"])
    return staging, html, root


def test_publishing_an_unchanged_build_copies_nothing(published):
    staging, html, root = published
    before = identities(html)
    assert publish(staging, html, root, ["en"]) == []
    assert identities(html) == before


def test_publishing_copies_only_what_changed_and_removes_what_is_gone(published):
    staging, html, root = published
    (staging / "en" / "index.html").write_text("home, changed")
    (staging / "en" / "a" / "page.html").write_text("page")  # written again, same bytes
    (staging / "en" / "a" / "old.html").unlink()
    (staging / "en" / "b" / "new.html").parent.mkdir()
    (staging / "en" / "b" / "new.html").write_text("new")
    before = identities(html)

    changed = publish(staging, html, root, ["en"])

    assert sorted(p.relative_to(html).as_posix() for p in changed) == [
        "en/a/old.html",
        "en/b/new.html",
        "en/index.html",
    ]
    assert files(html / "en") == files(staging / "en")
    assert identities(html)["en/a/page.html"] == before["en/a/page.html"]
    assert identities(html)["index.html"] == before["index.html"]
    assert not [p for p in html.rglob("*") if p.name.startswith(".")], "a partial copy is left"


def test_publishing_removes_a_folder_the_build_no_longer_has(published):
    staging, html, root = published
    (staging / "en" / "a" / "page.html").unlink()
    (staging / "en" / "a" / "old.html").unlink()
    publish(staging, html, root, ["en"])
    assert not (html / "en" / "a").exists()


# -- Examples renamed or removed -------------------------------------------------------------


def test_what_was_generated_for_a_renamed_or_removed_example_is_removed(tmp_path):
    docs, gallery = tmp_path / "docs", tmp_path / "gallery"
    for name in ("01-a/01_kept.py", "01-a/03_new.py"):
        (gallery / name).parent.mkdir(parents=True, exist_ok=True)
        (gallery / name).write_text("")
    kept = ["01_kept.rst", "01_kept.py.md5", "images/sphx_glr_01_kept_001.png", "index.rst",
            "images/sphx_glr_01_kept_001_2_00x.png",
            "images/thumb/sphx_glr_01_kept_thumb.png", "sg_execution_times.rst"]  # fmt: skip
    gone = ["02_old.rst", "02_old.ipynb", "02_old.py.md5", "02_old.codeobj.json",
            "images/sphx_glr_02_old_001.png", "images/sphx_glr_02_old_001_2_00x.png",
            "images/thumb/sphx_glr_02_old_thumb.png"]  # fmt: skip
    for name in [*kept, *gone, "../02-moved/01_moved.rst", "../images/top.png"]:
        path = docs / "examples" / "01-a" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("")

    removed = remove_outputs_of_removed_examples(docs)

    assert sorted(p.relative_to(docs / "examples").as_posix() for p in removed) == sorted(
        ["02-moved", *(f"01-a/{name}" for name in gone)]
    )
    left = {p.relative_to(docs / "examples").as_posix() for p in (docs / "examples").rglob("*")}
    assert {f"01-a/{name}" for name in kept} | {"images/top.png"} <= left
    assert remove_outputs_of_removed_examples(docs) == []


# -- What Sphinx remembers of the configuration ----------------------------------------------


def test_a_value_that_grows_during_the_build_is_remembered_as_configured():
    paths = ConfiguredList(["_static", "/site-packages/extension/static"], configured=["_static"])
    conf = ConfiguredDict({"examples_dirs": "../gallery", "src_dir": "/docs"}, configured={})
    assert pickle.loads(pickle.dumps(paths)) == ["_static"]
    assert type(pickle.loads(pickle.dumps(conf))) is dict
    assert copy.deepcopy(paths) == ["_static", "/site-packages/extension/static"]
    assert copy.copy(conf) == {"examples_dirs": "../gallery", "src_dir": "/docs"}


# -- Rebuilding the tiny site ----------------------------------------------------------------


def build(docs: Path, name: str) -> dict[str, str]:
    """Build and publish ``docs``; return each language's sphinx-build output."""
    log = docs.parent / f"{name}.log"
    with open(log, "w") as stream, redirect_fds(stream):
        build_html(docs=docs, provision=False)
    runs = plain_log(log).split("Running Sphinx")[1:]
    return {re.search(r"loading translations \[(\w+)\]", run)[1]: run for run in runs}


def config_hashes(docs: Path) -> dict[str, str]:
    """The configuration hash each language's build recorded in its ``.buildinfo``."""
    return {
        language: re.search(r"^config: (\w+)$", text, re.M)[1]
        for language in LANGUAGES
        for text in [(docs / "_build" / "staging" / language / ".buildinfo").read_text()]
    }


@pytest.fixture(scope="module")
def rebuilds(tiny_built, tmp_path_factory):
    """A copy of the tiny site, built in its new place, then built again four ways."""
    docs = copy_site(tiny_built[0], tmp_path_factory.mktemp("rebuild") / "site")
    html = docs / "_build" / "html"
    found = {"first": build(docs, "first")}  # the copy is read afresh: its folder is new
    found["hashes"], found["published"] = config_hashes(docs), identities(html)
    found["unchanged"] = build(docs, "unchanged")
    found["hashes after"], found["published after"] = config_hashes(docs), identities(html)
    page = docs / "page.md"
    os.utime(page)
    found["touched"] = build(docs, "touched")
    found["published after touch"] = identities(html)
    page.write_text(page.read_text().replace("# A MyST page", "# A renamed page"))
    found["renamed"] = build(docs, "renamed")
    found["html"] = html
    return found


@pytest.mark.slow
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_log_shows_each_page_written(rebuilds, language):
    """The first build in a new folder writes every page: the log parsing below sees them."""
    assert set(WRITTEN.findall(rebuilds["first"][language])) == TINY_PAGES


@pytest.mark.slow
@pytest.mark.parametrize("language", LANGUAGES)
def test_nothing_changed_reports_no_configuration_change(rebuilds, language):
    log = rebuilds["unchanged"][language]
    assert "loading pickled environment... done" in log
    assert "configuration has changed" not in log and "config changed" not in log
    assert rebuilds["hashes after"][language] == rebuilds["hashes"][language]


@pytest.mark.slow
@pytest.mark.parametrize("language", LANGUAGES)
def test_nothing_changed_writes_no_page_and_runs_nothing(rebuilds, language):
    log = rebuilds["unchanged"][language]
    assert "no targets are out of date." in log
    assert WRITTEN.findall(log) == []
    assert "successfully executed 0 out of 0 files" in log
    assert "Executing notebook" not in log


@pytest.mark.slow
def test_nothing_changed_publishes_nothing(rebuilds):
    assert rebuilds["published after"] == rebuilds["published"]


@pytest.mark.slow
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_touched_page_is_written_again_with_its_toctree_only(rebuilds, language):
    log = rebuilds["touched"][language]
    assert "0 added, 1 changed, 0 removed" in log
    assert sorted(WRITTEN.findall(log)) == ["index", "page"]
    assert "Executing notebook" not in log and "successfully executed 0 out of 0" in log
    assert rebuilds["published after touch"] == rebuilds["published"], "same pages, same bytes"


@pytest.mark.slow
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_renamed_page_has_every_page_written_again(rebuilds, language):
    log = rebuilds["renamed"][language]
    assert set(WRITTEN.findall(log)) == TINY_PAGES
    example = rebuilds["html"] / language / "examples" / "01-demo" / "01_hello.html"
    assert "A renamed page" in example.read_text(encoding="utf-8")
