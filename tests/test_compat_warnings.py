"""``nox -s compat --strict-warnings``: a lesson that uses something torch or another library
has deprecated stops with the line of the lesson that used it (the Trust issue's "no
deprecated API"). These tests run made-up programs; compat runs the real downloads."""

import os
import re
import textwrap
from pathlib import Path

import pytest
from helpers.project import REPO

from primer.check.run_downloads import STRICT, blame, run_in_folder, strict_warnings

#: A library with a function that says it is going away, and a lesson that calls it.
LIBRARY = textwrap.dedent(
    """\
    import warnings


    def old():
        warnings.warn("old() is deprecated", DeprecationWarning, stacklevel=2)
    """
)
LESSON = 'from library import old\n\nold()\nprint("done")\n'


def run(tmp_path: Path, pythonwarnings: str | None):
    (tmp_path / "library.py").write_text(LIBRARY, encoding="utf-8")
    script = tmp_path / "lesson.py"
    script.write_text(LESSON, encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if key != "PYTHONWARNINGS"}
    if pythonwarnings is not None:
        env["PYTHONWARNINGS"] = pythonwarnings
    return script, run_in_folder(script, tmp_path, env)


def test_a_deprecation_stops_the_lesson_at_its_own_line(tmp_path):
    script, ran = run(tmp_path, strict_warnings())
    assert ran.returncode != 0 and "done" not in ran.stdout
    assert blame(ran.stdout + ran.stderr, script) == (
        "lesson.py, line 3: DeprecationWarning: old() is deprecated"
    )


def test_without_the_option_the_lesson_runs_as_readers_run_it(tmp_path):
    _, ran = run(tmp_path, None)
    assert ran.returncode == 0 and ran.stdout == "done\n"


def test_an_allowed_warning_needs_a_reason_and_then_passes(tmp_path):
    with pytest.raises(ValueError, match="reason"):
        strict_warnings((("ignore:old():DeprecationWarning", " "),))
    with pytest.raises(ValueError, match="ignore:"):
        strict_warnings((("error::UserWarning", "a reason"),))
    allowed = strict_warnings((("ignore:old() is:DeprecationWarning", "made up for the test"),))
    assert allowed.startswith(",".join(STRICT))  # the allowed entry comes last, so it wins
    _, ran = run(tmp_path, allowed)
    assert ran.returncode == 0 and ran.stdout == "done\n"


def test_blame_reads_a_qualified_warning_class(tmp_path):
    warning = "library.warnings.LibraryDeprecationWarning: 'old' deprecated - use 'new'"
    output = (
        'Traceback (most recent call last):\n  File "/x/lesson.py", line 7, in <module>\n'
        f'  File "/y/library.py", line 2, in old\n{warning}\n'
    )
    assert blame(output, tmp_path / "lesson.py") == f"lesson.py, line 7: {warning}"


def test_blame_names_nothing_for_other_failures(tmp_path):
    output = 'Traceback (most recent call last):\n  File "/x/lesson.py", line 3\nKeyError: 1\n'
    assert blame(output, tmp_path / "lesson.py") is None


def test_compat_runs_everything_in_both_languages_on_every_torch_version_strictly():
    """One run serves both torch versions: every download (.py and .ipynb) and every
    snippet, both languages, deprecations as errors, and the record of what ran."""
    noxfile = (REPO / "noxfile.py").read_text(encoding="utf-8")
    compat = noxfile.split("def compat(", 1)[1].split("\n@nox.session", 1)[0]
    call = r'session\.run\(\s*"python", "-m", "primer\.check\.run_downloads"(.*?)\)'
    runs = re.findall(call, compat, re.S)
    assert len(runs) == 1, runs
    for option in ('"--scripts"', '"--notebooks"', '"--snippets"', '"--strict-warnings"',
                   "*BOTH_LANGUAGES", '"--record"'):  # fmt: skip
        assert option in runs[0], f"compat runs without {option}"
    assert 'BOTH_LANGUAGES = ("--language", "en", "--language", "zh_CN")' in noxfile


def test_the_matplotlib_allowance_goes_when_the_floor_moves_past_it():
    """Sentinel for ALLOWED_WARNINGS' matplotlib entries (matplotlib/matplotlib#30617)."""
    from primer.check.run_downloads import ALLOWED_WARNINGS, MATPLOTLIB_WITHOUT_PYPARSING_WARNINGS

    floor = (REPO / "requirements-floor.txt").read_text(encoding="utf-8")
    pinned = re.search(r"^matplotlib==(\d+)\.(\d+)", floor, re.MULTILINE)
    assert pinned, "requirements-floor.txt pins no matplotlib"
    entries = [entry for entry, reason in ALLOWED_WARNINGS if "matplotlib#30617" in reason]
    if (int(pinned[1]), int(pinned[2])) >= MATPLOTLIB_WITHOUT_PYPARSING_WARNINGS:
        assert not entries, f"the floor's matplotlib no longer needs {entries}: remove them"
    else:
        assert entries, "the floor's matplotlib needs its pyparsing warnings allowed"
