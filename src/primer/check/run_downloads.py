"""Run every downloadable example as a reader would: ``nox -s compat`` runs this.

``python -m primer.check.run_downloads --scripts [--notebooks] [--snippets] [--site DIR]
[--language en [--language zh_CN ...]] [--strict-warnings]``

Each example's downloaded ``.py`` runs with this Python in an empty folder of its own, with
MNIST (and nothing else) in the folder ``$PRIMER_DATA`` names; each ``.ipynb`` executes top to
bottom in a Jupyter kernel (nbclient); each snippet (``snippets/**.py``, the exercises'
solutions among them, which readers copy from the pages) runs in its folder and must print
exactly its recorded ``.out``. Prints one line per file with its time; exits non-zero, after
trying them all, if any failed.

With ``--strict-warnings`` every ``DeprecationWarning`` and ``FutureWarning`` is an error
(``PYTHONWARNINGS``, which the programs and the notebooks' kernels inherit), except those in
:data:`ALLOWED_WARNINGS`, each with the reason the project cannot act on it. A program
stopped by one is reported with the line of its own file that led to it: the code a lesson
still uses that torch or another library is about to remove.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from primer import REPO
from primer.check import verified
from primer.data.mnist import RAW_MD5, ensure_mnist, raw_dir

TIMEOUT_S = 900

#: Warnings raised as errors under ``--strict-warnings``.
STRICT = ("error::DeprecationWarning", "error::FutureWarning")
_OLD_MATPLOTLIB = (
    "pyparsing 3.3 deprecates the camelCase names that matplotlib before 3.11 calls when it "
    "parses font and math text (matplotlib/matplotlib#30617, fixed by #29745); the floor's "
    "matplotlib 3.10.1 is older. Remove when requirements-floor.txt pins 3.11."
)
#: Warnings the project cannot act on: ``(action:message:category:module, reason)``, in
#: ``PYTHONWARNINGS``'s syntax (the message is the start of the warning's text). Later
#: entries win over :data:`STRICT`.
ALLOWED_WARNINGS: tuple[tuple[str, str], ...] = (
    ("ignore::DeprecationWarning:matplotlib._fontconfig_pattern", _OLD_MATPLOTLIB),
    ("ignore::DeprecationWarning:matplotlib._mathtext", _OLD_MATPLOTLIB),
    # the same calls, for an argument name: pyparsing attributes it to its own module
    ("ignore:'parseAll' argument is deprecated:DeprecationWarning:pyparsing.util", _OLD_MATPLOTLIB),
)
#: The first matplotlib whose parsers use pyparsing's new names (the sentinel's bound).
MATPLOTLIB_WITHOUT_PYPARSING_WARNINGS = (3, 11)


def strict_warnings(allowed=ALLOWED_WARNINGS) -> str:
    """``PYTHONWARNINGS`` that makes deprecations errors, except the allowed ones."""
    for entry, reason in allowed:
        if not entry.startswith("ignore:") or not reason.strip():
            raise ValueError(f"ALLOWED_WARNINGS: {entry!r} needs 'ignore:' and a reason")
    return ",".join([*STRICT, *(entry for entry, _ in allowed)])


#: A traceback's frame: ``File "<path>", line N, in <name>``.
FRAME = re.compile(r'^\s*File "(?P<path>[^"]+)", line (?P<line>\d+)', re.MULTILINE)
#: The last line of a traceback that a warning turned into an error.
RAISED_WARNING = re.compile(
    r"^(?P<category>[\w.]*(?:Deprecation|Future)Warning): (?P<text>.*)$", re.M
)


def blame(output: str, program: Path) -> str | None:
    """For a run stopped by a warning raised as an error: ``<program>, line N: <warning>``,
    naming the last line of ``program`` itself that the traceback passes through."""
    warning = RAISED_WARNING.findall(output)
    lines = [m["line"] for m in FRAME.finditer(output) if Path(m["path"]).name == program.name]
    if not warning or not lines:
        return None
    category, text = warning[-1]
    return f"{program.name}, line {lines[-1]}: {category}: {text}"


def find_downloads(site: Path, suffix: str) -> list[Path]:
    """The published download of every gallery example, in the order of the gallery."""
    found = []
    for script in sorted((REPO / "gallery").glob("*/*.py")):
        matches = sorted(site.glob(f"_downloads/*/{script.stem}{suffix}"))
        if len(matches) != 1:
            raise SystemExit(
                f"{site}: expected one download {script.stem}{suffix}, found {len(matches)}: "
                "build the site first (nox -s docs)"
            )
        found.append(matches[0])
    return found


def data_folder_with_only_mnist(scratch: Path) -> Path:
    """A fresh ``$PRIMER_DATA`` holding the four verified MNIST files and nothing else."""
    source = raw_dir(ensure_mnist())
    target = raw_dir(scratch / "data")
    target.mkdir(parents=True)
    for name in RAW_MD5:
        shutil.copy(source / name, target / name)
    return scratch / "data"


def run_in_folder(script: Path, folder: Path, env: dict) -> subprocess.CompletedProcess:
    """``python <script's file name>`` with this Python, in ``folder``, as a reader runs it."""
    return subprocess.run(
        [sys.executable, script.name], cwd=folder, env=env, capture_output=True, text=True,
        timeout=TIMEOUT_S,
    )  # fmt: skip


def run_script(script: Path, scratch: Path, env: dict) -> tuple[bool, str]:
    folder = scratch / script.stem
    folder.mkdir()
    shutil.copy(script, folder)
    run = run_in_folder(script, folder, env)
    return run.returncode == 0, run.stdout + run.stderr


def run_snippet(snippet: Path, scratch: Path, env: dict) -> tuple[bool, str]:
    run = run_in_folder(snippet, snippet.parent, env)
    recorded = snippet.with_suffix(".out").read_text(encoding="utf-8")
    if run.returncode == 0 and run.stdout != recorded:
        return False, f"prints something else than {snippet.with_suffix('.out')}:\n{run.stdout}"
    return run.returncode == 0, run.stdout + run.stderr


def run_notebook(notebook: Path, scratch: Path, env: dict) -> tuple[bool, str]:
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    folder = scratch / f"{notebook.stem}-notebook"
    folder.mkdir()
    content = nbformat.read(notebook, as_version=4)
    client = NotebookClient(
        content, timeout=TIMEOUT_S, kernel_name="python3", resources={"metadata": {"path": folder}}
    )
    os.environ.update(env)  # the kernel inherits this process's environment
    try:
        client.execute()
    except CellExecutionError as error:
        return False, str(error)
    return True, ""


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scripts", action="store_true", help="run every .py download")
    parser.add_argument("--notebooks", action="store_true", help="execute every .ipynb")
    parser.add_argument("--snippets", action="store_true", help="run every snippet, check output")
    parser.add_argument("--site", type=Path, default=REPO / "docs" / "_build" / "html")
    parser.add_argument(
        "--language", action="append", help="the downloads of this language (default: en)"
    )
    parser.add_argument(
        "--strict-warnings", action="store_true", help="deprecation warnings are errors"
    )
    parser.add_argument(
        "--record", type=Path, help="add this run to the lessons that ran to the end in this "
        "record (docs/verified.json; see primer.check.verified)"
    )  # fmt: skip
    options = parser.parse_args(argv)
    import torch
    import torchvision

    print(f"torch {torch.__version__}, torchvision {torchvision.__version__}, "
          f"Python {platform.python_version()}")  # fmt: skip
    languages = options.language or ["en"]
    jobs = []  # (run, file, the folder it names as its own, the name to report)
    for language in languages:
        for wanted, run, suffix in ((options.scripts, run_script, ".py"),
                                    (options.notebooks, run_notebook, ".ipynb")):  # fmt: skip
            if wanted:
                downloads = find_downloads(options.site / language, suffix)
                jobs += [(run, path, language, f"{language}/{path.name}") for path in downloads]
    if options.snippets:
        snippets = sorted((REPO / "snippets").rglob("*.py"))
        jobs += [(run_snippet, path, "", path.name) for path in snippets]
    failed, lessons = [], LessonsOfFiles(REPO)
    with tempfile.TemporaryDirectory(prefix="primer-downloads-") as scratch:
        scratch = Path(scratch)
        for language in languages:
            (scratch / language).mkdir()
        env = {
            **os.environ,
            "MPLBACKEND": "Agg",
            "PRIMER_DATA": str(data_folder_with_only_mnist(scratch)),
        }
        if options.strict_warnings:
            env["PYTHONWARNINGS"] = strict_warnings()
        for run, path, folder, name in jobs:
            started = time.perf_counter()
            ok, output = run(path, scratch / folder, env)
            print(
                f"{'ok  ' if ok else 'FAIL'} {time.perf_counter() - started:6.1f} s  {name}",
                flush=True,
            )
            lessons.ran(path, ok)
            if not ok:
                failed.append(name)
                print(output[-3000:], flush=True)
                if cause := blame(output, path):
                    print(f"deprecated: {cause}", flush=True)
    print(f"{len(jobs) - len(failed)} passed, {len(failed)} failed")
    if options.record:
        record_passed(options.record, lessons, [options.site / language for language in languages])
    return 1 if failed else 0


class LessonsOfFiles:
    """Which lesson each file that runs belongs to, and which lessons ran to the end: a
    download by its name, a snippet by the lessons that include it."""

    def __init__(self, repo: Path):
        self.repo = repo
        self.scripts = {script.stem: script for script in sorted(repo.glob("gallery/*/*.py"))}
        self.including = {}
        for script in self.scripts.values():
            for snippet in verified.included_snippets(script, repo):
                self.including.setdefault(snippet, []).append(script)
        self.passed, self.failed = set(), set()

    def of(self, path: Path) -> list[Path]:
        if path.resolve() in self.including:
            return self.including[path.resolve()]
        script = self.scripts.get(path.stem)
        return [script] if script is not None and path.suffix in (".py", ".ipynb") else []

    def ran(self, path: Path, ok: bool) -> None:
        (self.passed if ok else self.failed).update(self.of(path))

    def to_the_end(self) -> list[Path]:
        return sorted(self.passed - self.failed)


def record_passed(record: Path, lessons: LessonsOfFiles, sites: list[Path]) -> None:
    """Add this run to ``record`` for each lesson that ran to the end, keyed by the hash of
    its code, when the built site's downloads were made from that code (``code.json``)."""
    from primer.sphinxext.provenance import describe_device

    hashes = {}
    for script in lessons.to_the_end():
        key, digest = verified.lesson_key(script), verified.code_hash(script, lessons.repo)
        built = {built_hash(site, key) for site in sites}
        if built != {digest}:
            print(f"not recorded: {key}: the site was built from other code (nox -s docs first)")
            continue
        hashes[key] = digest
    run = verified.this_run(describe_device(), by="nox -s compat")
    verified.write_record(record, verified.add_runs(verified.read_record(record), hashes, run))
    print(f"recorded in {record}: {len(hashes)} lessons, torch {run['torch']} on {run['device']}")


def built_hash(site: Path, key: str) -> str | None:
    """The hash of the lesson's code that the site at ``site`` was built from."""
    try:
        return json.loads((site / "code.json").read_text(encoding="utf-8"))["lessons"].get(key)
    except (OSError, ValueError, KeyError):
        return None


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
