"""Measure the docs build with the build's own records of what it executed and for how long.

``python benchmarks/docs_build.py [--keep]`` (or ``nox -s bench -- build``)
    Builds both languages twice in a scratch copy of the working tree (tracked files, and
    untracked files that git does not ignore) with no build outputs, so the real build is
    not touched: a cold build, then a rebuild with nothing changed. MNIST is read from
    ``$PRIMER_DATA``, or from ``data/`` of this checkout when that is unset.
``python benchmarks/docs_build.py --records``
    Builds nothing: reads the records of this checkout's last build.

The records are the ones the build tools keep for themselves. Sphinx-Gallery writes the run
time of each example it executes to ``docs/examples/<folder>/<name>.cost.json`` (it reads
the file back, and leaves it alone, when it reuses the example). myst-nb executes the MyST
pages through jupyter-cache, which keeps a record of each execution, with its
``execution_seconds``, in ``docs/_build/.jupyter_cache``. The benchmark reports each
example's and page's latest run time, their totals, each build's wall time, the share of
CPU time that a virtual machine's host took during it (``steal``: a busy host slows the
build by about that share) and what each build executed (the records written during it);
the rebuild must execute nothing. Beside each run time it prints the budget that the lesson
declares (its ``lesson`` field ``budget``, read from the build's ``course.json``) and
whether the run kept within it. It prints tables and writes
``benchmarks/results/docs_build.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from primer.check.measure import cpu_ticks, format_share, steal_share

REPO = Path(__file__).resolve().parents[1]
RESULTS_DIR = REPO / "benchmarks" / "results"
GALLERY_OUTPUT = Path("docs") / "examples"
JUPYTER_CACHE = Path("docs") / "_build" / ".jupyter_cache"
COST_SUFFIX = ".cost.json"
#: The course as the build wrote it (primer.sphinxext.course): each lesson's budget.
COURSE = Path("docs") / "_build" / "html" / "en" / "course.json"


@dataclass(frozen=True)
class Execution:
    """One example (``gallery``) or MyST page (``myst-nb``), as last executed."""

    kind: str
    name: str
    run_s: float
    written: float  # when the record was written, seconds since the epoch


# -- Reading the records ----------------------------------------------------------------------


def gallery_executions(root: Path) -> list[Execution]:
    """Sphinx-Gallery's ``.cost.json`` of every example that still exists under ``root``."""
    folder = root / GALLERY_OUTPUT
    executions = []
    for cost in sorted(folder.rglob(f"*{COST_SUFFIX}")):
        example = cost.with_name(cost.name.removesuffix(COST_SUFFIX) + ".py")
        if not example.is_file():
            continue  # the record of an example that was removed
        try:
            run_s = float(json.loads(cost.read_text(encoding="utf-8"))["time"])
        except (ValueError, KeyError, TypeError) as error:
            raise SystemExit(
                f"{cost}: not a Sphinx-Gallery cost record ({error!r}); delete it and rebuild"
            ) from error
        name = example.relative_to(folder).with_suffix("").as_posix()
        executions.append(Execution("gallery", name, run_s, cost.stat().st_mtime))
    return executions


def page_name(uri: str, root: Path) -> str:
    """A MyST page's path under ``docs/`` (the cache may come from another checkout)."""
    path = Path(uri)
    if path.is_relative_to(root / "docs"):
        return path.relative_to(root / "docs").as_posix()
    parts = path.parts
    last_docs = len(parts) - 1 - parts[::-1].index("docs") if "docs" in parts else -1
    return Path(*parts[last_docs + 1 :]).as_posix()


def notebook_executions(root: Path) -> list[Execution]:
    """The latest jupyter-cache record of every MyST page myst-nb executed."""
    cache = root / JUPYTER_CACHE
    if not cache.is_dir():
        return []
    from jupyter_cache import get_cache

    latest = {}
    for record in sorted(get_cache(cache).list_cache_records(), key=lambda r: r.created):
        latest[record.uri] = record
    return sorted(
        (
            Execution(
                "myst-nb",
                page_name(uri, root),
                float(record.data["execution_seconds"]),
                record.created.replace(tzinfo=UTC).timestamp(),  # jupyter-cache stores UTC
            )
            for uri, record in latest.items()
        ),
        key=lambda execution: execution.name,
    )


def all_executions(root: Path) -> list[Execution]:
    return gallery_executions(root) + notebook_executions(root)


def executed_between(executions: list[Execution], start: float, end: float) -> list[str]:
    """The examples and pages whose record was written between ``start`` and ``end``."""
    return [e.name for e in executions if start <= e.written <= end]


def budgets(root: Path) -> dict[str, int]:
    """Each lesson's run-time budget in seconds, by the name its execution record has."""
    path = root / COURSE
    if not path.is_file():
        return {}
    lessons = json.loads(path.read_text(encoding="utf-8"))["lessons"]
    return {record_name(lesson["source"]): lesson["budget_s"] for lesson in lessons}


def record_name(source: str) -> str:
    """``gallery/01-fundamentals/01_tensors.py`` -> ``01-fundamentals/01_tensors``;
    ``docs/install.md`` -> ``install.md``."""
    path = Path(source)
    if path.parts[0] == "gallery":
        return path.relative_to("gallery").with_suffix("").as_posix()
    return path.relative_to("docs").as_posix()


# -- Building ---------------------------------------------------------------------------------


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


def build(name: str, scratch: Path, env: dict[str, str]) -> dict:
    """Run one build of both languages; return its name, wall time, the share of CPU time
    the host took meanwhile (``steal``, see :func:`primer.check.measure.steal_share`), start
    and end."""
    print(f"--- {name} build ---", flush=True)
    started, clock, ticks = time.time(), time.perf_counter(), cpu_ticks()
    result = subprocess.run(
        [sys.executable, "-m", "primer.build.site", "html", "--docs", str(scratch / "docs")],
        cwd=scratch, env=env, capture_output=True, text=True,
    )  # fmt: skip
    wall_s = time.perf_counter() - clock
    if result.returncode != 0:
        print((result.stdout + result.stderr)[-5000:])
        raise SystemExit(f"the {name} build failed (exit status {result.returncode})")
    steal = steal_share(ticks, cpu_ticks())
    return {"name": name, "wall_s": round(wall_s, 3), "steal": steal, "started": started,
            "ended": time.time()}  # fmt: skip


def build_twice(env: dict[str, str], keep: bool) -> tuple[list[dict], list[Execution], dict]:
    scratch = Path(tempfile.mkdtemp(prefix="primer-docs-bench-"))
    try:
        copy_worktree(scratch)
        builds = [build("cold", scratch, env), build("no-change", scratch, env)]
        executions, budget = all_executions(scratch), budgets(scratch)
    finally:
        if keep:
            print(f"scratch copy kept in {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    for entry in builds:
        entry["executed"] = executed_between(executions, entry.pop("started"), entry.pop("ended"))
    return builds, executions, budget


# -- The report -------------------------------------------------------------------------------


def summarize(executions: list[Execution], builds: list[dict], budget: dict[str, int]) -> dict:
    totals = {"gallery": 0.0, "myst-nb": 0.0}
    budgets_total = {"gallery": 0, "myst-nb": 0}
    for execution in executions:
        totals[execution.kind] += execution.run_s
        budgets_total[execution.kind] += budget.get(execution.name, 0)
    totals["all"] = sum(totals.values())
    budgets_total["all"] = sum(budgets_total.values())
    rows = []
    for e in executions:
        row = {key: value for key, value in asdict(e).items() if key != "written"}
        row["budget_s"] = budget.get(e.name)
        row["within_budget"] = None if row["budget_s"] is None else e.run_s <= row["budget_s"]
        rows.append(row)
    return {
        "benchmark": "docs_build",
        "machine": describe_machine(),
        "builds": builds,
        "executions": rows,
        "total_run_s": {kind: round(seconds, 3) for kind, seconds in totals.items()},
        "total_budget_s": budgets_total,
        "over_budget": [row["name"] for row in rows if row["within_budget"] is False],
    }


def describe_machine() -> dict:
    from importlib.metadata import version

    return {
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        **{name: version(name) for name in ("sphinx", "sphinx-gallery", "myst-nb", "torch")},
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def format_columns(rows: list[list[str]]) -> str:
    """Left-align the first column, right-align the others, rule under the header."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]

    def line(row):
        cells = [row[0].ljust(widths[0])]
        cells += [cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)]
        return "  ".join(cells)

    return "\n".join([line(rows[0]), "  ".join("-" * w for w in widths), *map(line, rows[1:])])


def format_report(report: dict) -> str:
    rows = [["example or page", "executed by", "run s", "budget s", "within"]]
    rows += [
        [e["name"], e["kind"], f"{e['run_s']:.2f}", str(e["budget_s"] or "-"), verdict(e)]
        for e in report["executions"]
    ]
    rows += [
        [f"total ({kind})", "", f"{s:.2f}", str(report["total_budget_s"][kind] or "-"), ""]
        for kind, s in report["total_run_s"].items()
    ]
    text = format_columns(rows)
    if report["builds"]:
        builds = [["build", "wall s", "steal", "executed"]]
        builds += [
            [b["name"], f"{b['wall_s']:.1f}", format_share(b.get("steal")), str(len(b["executed"]))]
            for b in report["builds"]
        ]
        text += "\n\n" + format_columns(builds)
    return text


def verdict(execution: dict) -> str:
    return {True: "yes", False: "NO", None: "-"}[execution["within_budget"]]


def write_report(report: dict, folder: Path = RESULTS_DIR) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "docs_build.json"
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the scratch copy")
    parser.add_argument(
        "--records", action="store_true", help="build nothing: read this checkout's records"
    )
    args = parser.parse_args(argv)
    if args.records:
        builds, executions, budget = [], all_executions(REPO), budgets(REPO)
    else:
        env = dict(os.environ)
        env.setdefault("PRIMER_DATA", str(REPO / "data"))
        builds, executions, budget = build_twice(env, args.keep)
    if not executions:
        where = REPO if args.records else "the scratch build"
        raise SystemExit(f"no execution records in {where}: build the site first (nox -s docs)")
    report = summarize(executions, builds, budget)
    print(format_report(report))
    print(f"\nwritten: {write_report(report).relative_to(REPO)}")
    again = [name for b in builds[1:] for name in b["executed"]]
    if again:
        print(f"The rebuild with nothing changed executed again: {', '.join(again)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
