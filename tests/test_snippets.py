"""Every snippet runs as a program and prints exactly the output recorded beside it
(``<name>.out``)."""

import difflib

import pytest
from helpers.files import write
from helpers.project import REPO

from primer.check.programs import program_runner

SNIPPETS = sorted((REPO / "snippets").rglob("*.py"))


def test_there_are_snippets():
    assert SNIPPETS, "snippets/ holds no programs"


@pytest.fixture(scope="module")
def run():
    """Runs a snippet in a process of its own, as ``python snippet.py`` would."""
    with program_runner(preload=["torch"]) as run_program:
        yield run_program


@pytest.mark.parametrize("script", SNIPPETS, ids=lambda p: str(p.relative_to(REPO)))
def test_snippet_output_matches_recording(script, request, run):
    code, stdout, stderr = run(script, timeout=300)
    assert code == 0, f"{script} failed:\n{stderr}"
    check_recording(script, stdout, update=request.config.getoption("--update-snippets"))


def check_recording(script, stdout, update=False):
    """Fail unless ``stdout`` is the output recorded beside ``script``. With ``update``, a
    recording that differs is rewritten first, and the check still fails, naming it: the run
    that regenerates a recording never passes, so every change is reviewed."""
    recorded = script.with_suffix(".out")
    old = recorded.read_text(encoding="utf-8") if recorded.exists() else ""
    diff = "".join(
        difflib.unified_diff(
            old.splitlines(keepends=True),
            stdout.splitlines(keepends=True),
            fromfile=recorded.name,
            tofile=f"output of {script.name}",
        )
    )
    if diff and update:
        recorded.write_text(stdout, encoding="utf-8")
        pytest.fail(f"rewrote {recorded}: review the change, then run without the option\n{diff}")
    assert recorded.exists(), f"{recorded} is missing: run `nox -s tests -- --update-snippets`"
    assert not diff, f"{script.name} now prints something else:\n{diff}"


def test_regenerating_a_recording_fails_naming_the_file(tmp_path):
    script = write(tmp_path / "example.py", "print(1)\n")
    recording = write(tmp_path / "example.out", "1\n")
    check_recording(script, "1\n", update=True)  # unchanged: passes, nothing written
    with pytest.raises(AssertionError, match="now prints something else"):
        check_recording(script, "2\n")
    assert recording.read_text() == "1\n"
    with pytest.raises(pytest.fail.Exception, match=f"rewrote {recording}"):
        check_recording(script, "2\n", update=True)
    assert recording.read_text() == "2\n"
    check_recording(script, "2\n")  # the next run, without the option, passes
    recording.unlink()
    with pytest.raises(pytest.fail.Exception, match=f"rewrote {recording}"):
        check_recording(script, "3\n", update=True)  # a new recording fails its first run too


def test_each_snippet_runs_as_a_new_program(run, tmp_path):
    """The runner gives each snippet a fresh process in the snippet's folder: what one
    program changes, the next does not see, and a snippet that forgets an import fails even
    though the runner has already imported torch."""
    changes = write(
        tmp_path / "changes.py", "import torch\ntorch.set_default_dtype(torch.float64)\n"
    )
    reads = write(
        tmp_path / "reads.py",
        "import os, torch\nprint(torch.get_default_dtype(), os.path.basename(os.getcwd()))\n",
    )
    forgets = write(tmp_path / "forgets.py", "print(torch.ones(1))\n")
    exits = write(tmp_path / "exits.py", "import sys\nsys.exit(3)\n")
    assert run(changes, timeout=60)[0] == 0
    assert run(reads, timeout=60)[:2] == (0, f"torch.float32 {tmp_path.name}\n")
    code, _, stderr = run(forgets, timeout=60)
    assert code == 1 and "NameError: name 'torch' is not defined" in stderr
    assert run(exits, timeout=60)[0] == 3
