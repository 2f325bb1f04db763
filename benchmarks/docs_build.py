"""Measure the docs build: a cold build of both languages, then a rebuild with no change.

``python benchmarks/docs_build.py [--keep]``

The build runs in a scratch copy of the working tree (tracked files and untracked files
that git does not ignore) with an empty ``docs/_build``, so the real build is not touched.
MNIST is read from ``$PRIMER_DATA``, or from ``data/`` of this checkout when that is unset.
For each build the script reports the wall time, the per-language times that
``tools/build_site.py`` prints, and how many examples Sphinx-Gallery executed per
language. The second language must execute none: it reuses the first one's results.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LANGUAGE_TIME = re.compile(r"^=== (\S+): ([\d.]+) s ===$", re.MULTILINE)
BUILD_START = re.compile(r"^=== sphinx-build html \((\S+)\) ===$", re.MULTILINE)
EXECUTED = re.compile(r"Sphinx-Gallery successfully executed (\d+) out of (\d+) file")
REUSED = re.compile(r"after excluding (\d+) files? that had previously been run")


@dataclass
class BuildReport:
    name: str
    wall_s: float
    language_s: dict[str, float] = field(default_factory=dict)
    executed: dict[str, int] = field(default_factory=dict)
    reused: dict[str, int] = field(default_factory=dict)


def parse_build_log(name: str, log: str, wall_s: float) -> BuildReport:
    """Read the per-language times and executed-example counts from a build log."""
    report = BuildReport(name, wall_s)
    report.language_s = {lang: float(seconds) for lang, seconds in LANGUAGE_TIME.findall(log)}
    # Split the log at each "=== sphinx-build html (<lang>) ===" so counts map to languages.
    starts = list(BUILD_START.finditer(log))
    for i, start in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(log)
        language = start.group(1)
        found = EXECUTED.search(log, start.end(), end)
        if found:
            report.executed[language] = int(found.group(1))
        found = REUSED.search(log, start.end(), end)
        if found:
            report.reused[language] = int(found.group(1))
    return report


def format_reports(reports: list[BuildReport]) -> str:
    languages = list(dict.fromkeys(lang for r in reports for lang in r.language_s))
    header = ["build", "wall s"]
    for lang in languages:
        header += [f"{lang} s", f"{lang} executed", f"{lang} reused"]
    rows = [header]
    for r in reports:
        row = [r.name, f"{r.wall_s:.1f}"]
        for lang in languages:
            row.append(f"{r.language_s[lang]:.1f}" if lang in r.language_s else "-")
            row.append(str(r.executed[lang]) if lang in r.executed else "-")
            row.append(str(r.reused[lang]) if lang in r.reused else "-")
        rows.append(row)
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = ["  ".join(cell.rjust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def copy_worktree(destination: Path) -> None:
    """Copy the files git knows about (tracked, or untracked and not ignored)."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=REPO, check=True, capture_output=True,
    ).stdout.decode().split("\0")  # fmt: skip
    for relative in filter(None, listed):
        source = REPO / relative
        if source.is_file():
            target = destination / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


def build(name: str, scratch: Path, env: dict[str, str]) -> BuildReport:
    print(f"--- {name} build ---", flush=True)
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "tools/build_site.py", "html"],
        cwd=scratch, env=env, capture_output=True, text=True,
    )  # fmt: skip
    wall_s = time.perf_counter() - started
    log = result.stdout + result.stderr
    if result.returncode != 0:
        print(log[-5000:])
        raise SystemExit(f"the {name} build failed (exit status {result.returncode})")
    return parse_build_log(name, log, wall_s)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the scratch copy")
    args = parser.parse_args(argv)
    env = dict(os.environ)
    env.setdefault("PRIMER_DATA", str(REPO / "data"))
    scratch = Path(tempfile.mkdtemp(prefix="primer-docs-bench-"))
    try:
        copy_worktree(scratch)
        reports = [build("cold", scratch, env), build("no-change", scratch, env)]
    finally:
        if args.keep:
            print(f"scratch copy kept in {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    print()
    print(format_reports(reports))
    print("\nexecuted: examples Sphinx-Gallery ran; reused: examples it skipped (MD5 unchanged)")
    # The cold build executes every example once, in the first language; the other
    # languages, and the whole no-change rebuild, must execute none.
    cold, rebuild = reports
    first_language = next(iter(cold.language_s), None)
    executed_again = sum(n for lang, n in cold.executed.items() if lang != first_language)
    executed_again += sum(rebuild.executed.values())
    if executed_again:
        print(f"{executed_again} examples ran again where they should have been reused.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
