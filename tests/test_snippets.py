"""Every snippet runs and prints exactly the output recorded beside it (``<name>.out``)."""

import difflib
import subprocess
import sys

import pytest
from helpers import REPO

SNIPPETS = sorted((REPO / "snippets").rglob("*.py"))


def test_there_are_snippets():
    assert SNIPPETS, "snippets/ holds no programs"


@pytest.mark.parametrize("script", SNIPPETS, ids=lambda p: str(p.relative_to(REPO)))
def test_snippet_output_matches_recording(script, request):
    run = subprocess.run(
        [sys.executable, script.name],
        cwd=script.parent,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, f"{script} failed:\n{run.stderr}"
    recorded = script.with_suffix(".out")
    if request.config.getoption("--update-snippets"):
        recorded.write_text(run.stdout, encoding="utf-8")
    assert recorded.exists(), f"{recorded} is missing: run `nox -s tests -- --update-snippets`"
    diff = "".join(
        difflib.unified_diff(
            recorded.read_text(encoding="utf-8").splitlines(keepends=True),
            run.stdout.splitlines(keepends=True),
            fromfile=str(recorded.relative_to(REPO)),
            tofile=f"output of {script.name}",
        )
    )
    assert not diff, f"{script.name} now prints something else:\n{diff}"
