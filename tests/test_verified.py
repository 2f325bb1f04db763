"""Where each lesson's code last ran to the end (primer.check.verified): the committed record
is current, a run adds only what ran to the end, and a page's line follows its code."""

import json
from pathlib import Path

import pytest
from helpers.files import redirect_fds
from helpers.project import REPO
from helpers.tiny_site import copy_site

from primer.build.requirements import versions
from primer.build.site import build_html
from primer.check import verified
from primer.check.run_downloads import LessonsOfFiles

RECORD = REPO / verified.RECORD
LESSONS = sorted(REPO.glob("gallery/*/*.py"))
RUN = {"torch": "2.6.0+cpu", "device": "CPU", "python": "3.11.7", "date": "2026-12-01", "by": "t"}


@pytest.mark.parametrize("script", LESSONS, ids=verified.lesson_key)
def test_every_lesson_ran_to_the_end_on_both_torch_versions_since_its_last_change(script):
    """CI fails when a lesson's code changed without a new record: run ``nox -s compat``
    (both sessions, after ``nox -s docs``) and commit docs/verified.json with the lesson."""
    record = verified.read_record(RECORD)
    runs = verified.runs_for(record, verified.lesson_key(script), verified.code_hash(script, REPO))
    assert runs is not None, f"{script.relative_to(REPO)} changed since {RECORD.name} recorded it"
    ran = {verified.version_tuple(run["torch"]) for run in runs if run["device"] == "CPU"}
    for requirements in ("requirements-floor.txt", "requirements.txt"):
        wanted = verified.version_tuple(versions(REPO / requirements)["torch"])
        assert wanted in ran, f"{script.name}: no run on torch {wanted} ({requirements})"


def test_the_hash_covers_the_lesson_and_the_snippets_it_includes(tmp_path):
    lesson = tmp_path / "gallery" / "01-a" / "01_x.py"
    snippet = tmp_path / "snippets" / "exercises" / "x_1.py"
    other = tmp_path / "snippets" / "exercises" / "y_1.py"
    for path, text in ((snippet, "print(1)\n"), (other, "print(2)\n")):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    lesson.parent.mkdir(parents=True)
    lesson.write_text("# .. literalinclude:: /../snippets/exercises/x_1.py\nprint(0)\n")
    first = verified.code_hash(lesson, tmp_path)
    other.write_text("print(3)\n")
    assert verified.code_hash(lesson, tmp_path) == first  # not included
    snippet.write_text("print(4)\n")
    assert verified.code_hash(lesson, tmp_path) != first


def test_a_run_replaces_its_own_torch_and_forgets_runs_of_older_code():
    record = verified.add_runs({}, {"01/a": "h1", "01/b": "h1"}, RUN)
    pinned = {**RUN, "torch": "2.14.1+cpu"}
    record = verified.add_runs(record, {"01/a": "h1"}, pinned)
    torches = [run["torch"] for run in record["lessons"]["01/a"]["runs"]]
    assert torches == ["2.6.0+cpu", "2.14.1+cpu"]
    again = verified.add_runs(record, {"01/a": "h1"}, {**RUN, "date": "2026-12-02"})
    assert [run["date"] for run in again["lessons"]["01/a"]["runs"]] == ["2026-12-02", "2026-12-01"]
    changed = verified.add_runs(record, {"01/a": "h2"}, pinned)
    assert changed["lessons"]["01/a"] == {"code": "h2", "runs": [pinned]}
    assert changed["lessons"]["01/b"] == record["lessons"]["01/b"]  # did not run: kept
    assert verified.runs_for(changed, "01/a", "h1") is None


def test_a_lesson_with_a_failing_file_is_not_recorded(tmp_path):
    """A run records only the lessons every one of whose files ran to the end."""
    for name in ("01_a", "02_b"):
        (tmp_path / "gallery" / "01-x").mkdir(parents=True, exist_ok=True)
        (tmp_path / "gallery" / "01-x" / f"{name}.py").write_text("print(0)\n")
    lessons = LessonsOfFiles(tmp_path)
    lessons.ran(Path("en/01_a.py"), ok=True)
    lessons.ran(Path("zh_CN/01_a.py"), ok=False)
    lessons.ran(Path("en/02_b.py"), ok=True)
    lessons.ran(Path("en/02_b.ipynb"), ok=True)
    assert [verified.lesson_key(path) for path in lessons.to_the_end()] == ["01-x/02_b"]


def build(docs: Path) -> str:
    log = docs.parent / "build.log"
    with open(log, "w") as stream, redirect_fds(stream):
        build_html(docs=docs, provision=False)
    return log.read_text()


def line(html: Path, language: str) -> str:
    page = (html / language / "examples/01-demo/01_hello.html").read_text(encoding="utf-8")
    start = page.index('class="primer-verified"')
    return page[start : page.index("</p>", start)]


@pytest.mark.slow
def test_editing_a_lesson_flips_its_line_on_the_page_and_in_the_download(tiny_built, tmp_path):
    docs = copy_site(tiny_built[0], tmp_path / "site")
    lesson = docs.parent / "gallery" / "01-demo" / "01_hello.py"
    digest = verified.code_hash(lesson, docs.parent)
    record = verified.add_runs({}, {"01-demo/01_hello": digest}, RUN)
    verified.write_record(docs / "verified.json", record)
    build(docs)
    html = docs / "_build" / "html"
    assert "torch 2.6.0 on CPU (2026-12-01)" in line(html, "en")
    assert "在 CPU 上用 torch 2.6.0（2026-12-01），均完整运行。" in line(html, "zh_CN")
    code = json.loads((html / "en" / "code.json").read_text())
    assert code["lessons"]["01-demo/01_hello"] == digest
    download = next(html.glob("en/_downloads/*/01_hello.py")).read_text(encoding="utf-8")
    assert "torch 2.6.0 on CPU" in download

    lesson.write_text(lesson.read_text() + "\nprint('one more line')\n")
    build(docs)
    assert "not yet since the last change" in line(html, "en")
    assert "尚未" in line(html, "zh_CN")
    download = next(html.glob("en/_downloads/*/01_hello.py")).read_text(encoding="utf-8")
    assert "not yet since the last change" in download


def test_the_gpu_check_records_every_lesson_of_its_build(tmp_path):
    """``tools/gpu_check.sh`` records, after its build, this torch and device for every
    lesson, with the hashes the build computed."""
    import subprocess
    import sys

    site = tmp_path / "en"
    site.mkdir()
    (site / "code.json").write_text(json.dumps({"lessons": {"01/a": "h1", "02/b": "h2"}}))
    record = tmp_path / "verified.json"
    verified.write_record(record, verified.add_runs({}, {"01/a": "h0"}, RUN))
    command = [sys.executable, "-m", "primer.check.verified", "--from-build",
               "--site", str(site), "--record", str(record)]  # fmt: skip
    subprocess.run(command, check=True, capture_output=True)
    lessons = verified.read_record(record)["lessons"]
    assert set(lessons) == {"01/a", "02/b"}
    assert [run["by"] for run in lessons["01/a"]["runs"]] == ["tools/gpu_check.sh"]
    assert lessons["02/b"]["code"] == "h2"
    assert "-m primer.check.verified --from-build" in (REPO / "tools/gpu_check.sh").read_text()
