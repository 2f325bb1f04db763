"""Choosing examples: by name for the one-example loop, by shard for a build split among
machines; and a merge of the shards that leaves nothing to execute."""

import json
import re
import shutil

import pytest
from helpers.files import plain_log, redirect_fds
from helpers.tiny_site import copy_site

from primer.build.examples import (
    EVERY_EXAMPLE,
    EXECUTE,
    MYST_PAGES,
    UnknownExample,
    examples,
    filename_pattern,
    parse_shard,
    select,
    split,
    take_names,
)
from primer.build.site import build_html, build_shard, merge_shards

# -- Naming examples -------------------------------------------------------------------------


@pytest.fixture
def gallery(tmp_path):
    for name in ("01-basics/01_tensors", "01-basics/02_autograd", "02-training/01_tensors_fit"):
        (tmp_path / f"{name}.py").parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / f"{name}.py").write_text("print('hello')\n")
    return tmp_path


@pytest.mark.parametrize(
    "name",
    ["02_autograd", "02_autograd.py", "01-basics/02_autograd", "gallery/01-basics/02_autograd.py"],
)
def test_an_example_is_named_by_its_file_or_its_path(gallery, name):
    assert select([name], gallery) == ["01-basics/02_autograd"]


def test_an_unknown_name_is_refused_with_the_names_there_are(gallery):
    with pytest.raises(UnknownExample, match="no example is named 'autograd'") as error:
        select(["autograd"], gallery)
    assert "01-basics/02_autograd" in str(error.value) and "02-training/01_tensors_fit" in str(
        error.value
    )


def test_a_name_two_examples_share_is_refused_with_both(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "01_intro.py").write_text("")
    with pytest.raises(UnknownExample, match="names several examples") as error:
        select(["01_intro"], tmp_path)
    assert "a/01_intro" in str(error.value) and "b/01_intro" in str(error.value)


def test_example_names_are_told_from_sphinx_arguments():
    args = ["03_mnist_cnn", "-D", "nb_execution_mode=off", "-j", "2", "-n", "02_autograd"]
    assert take_names(args) == (
        ["03_mnist_cnn", "02_autograd"],
        ["-D", "nb_execution_mode=off", "-j", "2", "-n"],
    )


def test_without_a_selection_every_example_executes():
    """The setting conf.py gives Sphinx-Gallery is the same on every ordinary build, so the
    configuration Sphinx remembers does not change (tests/test_rebuild.py)."""
    assert filename_pattern({}) == EVERY_EXAMPLE == r"\.py$"


def test_a_shard_executes_only_its_examples(gallery):
    pattern = filename_pattern({EXECUTE: "01-basics/01_tensors\n02-training/01_tensors_fit"})
    executed = [e for e in examples(gallery) if re.search(pattern, str(gallery / f"{e}.py"))]
    assert executed == ["01-basics/01_tensors", "02-training/01_tensors_fit"]
    assert not re.search(pattern, "/gallery/01-basics/x01_tensors.py")
    assert not re.search(filename_pattern({EXECUTE: ""}), str(gallery / "01-basics/01_tensors.py"))


# -- Splitting into shards -------------------------------------------------------------------


@pytest.mark.parametrize("text", ["0/2", "3/2", "1", "a/b", "1/2/3"])
def test_a_malformed_shard_is_refused(text):
    with pytest.raises(ValueError, match="K/N"):
        parse_shard(text)


TIMES = {
    "a": 187.0, "b": 142.5, "c": 33.0, "d": 31.7, "e": 22.4, MYST_PAGES: 26.5,
    "f": 2.7, "g": 2.6, "h": 2.2, "i": 0.2, "j": 0.1, "k": 0.04,
}  # fmt: skip


@pytest.mark.parametrize("shards", [1, 2, 3, 5])
def test_the_split_runs_every_job_exactly_once(shards):
    parts = split(TIMES, shards)
    assert len(parts) == shards
    assert sorted(job for part in parts for job in part) == sorted(TIMES)


@pytest.mark.parametrize("shards", [2, 3])
def test_the_split_is_balanced_by_recorded_time(shards):
    """Longest job first, to the least loaded shard: the shards' totals differ by no more
    than one job's time, and here, with many small jobs, by much less."""
    loads = [sum(TIMES[job] for job in part) for part in split(TIMES, shards)]
    assert max(loads) - min(loads) <= max(TIMES.values())
    if shards == 2:
        assert max(loads) - min(loads) < 0.05 * sum(loads), loads


def test_without_records_the_shards_get_equal_counts():
    parts = split(dict.fromkeys("abcdefg"), 3)
    assert sorted(map(len, parts)) == [2, 2, 3]


def test_a_job_without_a_record_counts_as_a_typical_one():
    parts = split({"long": 100.0, "short": 1.0, "shorter": 0.5, "new": None}, 2)
    assert ["long"] in parts  # "new" weighs 1.0, the median: it goes with the short ones


# -- Shards built and merged: the tiny site ----------------------------------------------------


def fake_shard(folder, jobs):
    folder.mkdir(parents=True)
    (folder / "shard.json").write_text(json.dumps({"jobs": jobs}))
    return folder


def test_a_merge_without_every_job_stops_naming_what_is_missing(tiny_site, tmp_path):
    one = fake_shard(tmp_path / "shard-1-of-2", [MYST_PAGES])
    with pytest.raises(SystemExit, match=r"missing: \['01-demo/01_hello'\]; repeated: none"):
        merge_shards([one], tiny_site)


def test_a_merge_of_shards_that_repeat_a_job_stops_naming_it(tiny_site, tmp_path):
    one = fake_shard(tmp_path / "shard-1-of-2", [MYST_PAGES, "01-demo/01_hello"])
    two = fake_shard(tmp_path / "shard-2-of-2", ["01-demo/01_hello"])
    with pytest.raises(SystemExit, match=r"missing: none; repeated: \['01-demo/01_hello'\]"):
        merge_shards([one, two], tiny_site)


def test_a_merge_of_a_folder_that_is_no_shard_says_which(tiny_site, tmp_path):
    with pytest.raises(SystemExit, match="no shard.json there"):
        merge_shards([tmp_path], tiny_site)


def unbuilt_copy(docs, destination):
    """A copy of a site's sources, without anything built: a fresh checkout."""
    docs = copy_site(docs, destination)
    shutil.rmtree(docs / "examples")
    shutil.rmtree(docs / "_build")
    return docs


def logged(log, function, *args, **kwargs):
    """``function(*args, **kwargs)``, with what its builds print in the file ``log``."""
    with open(log, "w") as stream, redirect_fds(stream):
        result = function(*args, **kwargs)
    return result, plain_log(log)


@pytest.fixture(scope="module")
def merged(tiny_built, tmp_path_factory):
    """The tiny site (its example and its MyST page) built as two shards, each from a fresh
    checkout, then merged into a third fresh checkout and built in both languages."""
    root = tmp_path_factory.mktemp("shards")
    found = {"shards": [], "shard logs": []}
    for number in (1, 2):
        docs = unbuilt_copy(tiny_built[0], root / f"checkout-{number}")
        log = root / f"shard-{number}.log"
        folder, log = logged(log, build_shard, number, 2, docs, provision=False)
        found["shards"].append(folder)
        found["shard logs"].append(log)
    docs = unbuilt_copy(tiny_built[0], root / "merge")
    merge_shards(found["shards"], docs)
    found["html"], log = logged(root / "merge.log", build_html, docs=docs, provision=False)
    found["merge logs"] = log.split("Running Sphinx")[1:]
    return found


@pytest.mark.slow
def test_each_shard_executes_its_share_only(merged):
    """Two jobs, two shards: one runs the example, the other the MyST page."""
    ran = [
        ("executed 1 out of 1 file" in log, "Executing notebook" in log)
        for log in merged["shard logs"]
    ]
    assert sorted(ran) == [(False, True), (True, False)]
    kept = [sorted(p.name for p in folder.iterdir()) for folder in merged["shards"]]
    assert sorted(kept) == [[".jupyter_cache", "shard.json"], ["examples", "shard.json"]]


@pytest.mark.slow
def test_the_merged_build_executes_nothing(merged):
    assert len(merged["merge logs"]) == 2  # en and zh_CN
    for log in merged["merge logs"]:
        assert "Sphinx-Gallery successfully executed 0 out of 0 files" in log
        assert "Executing notebook" not in log


@pytest.mark.slow
@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_merged_site_shows_the_shards_outputs(merged, language):
    """The times the shards printed (in nanoseconds) are the ones on the pages."""
    kept = "".join(
        path.read_text(encoding="utf-8")
        for folder in merged["shards"]
        for path in folder.rglob("*")
        if path.suffix in (".rst", ".ipynb")  # Sphinx-Gallery's pages, jupyter-cache's notebooks
    )
    for page, label in (("examples/01-demo/01_hello.html", "example"), ("page.html", "cell")):
        html = (merged["html"] / language / page).read_text(encoding="utf-8")
        printed = re.search(rf"{label} ran at (\d+)", html)
        assert printed, f"{page} shows no output"
        assert printed[0] in kept
