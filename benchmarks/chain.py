"""The faster-and-better page's chain of changes with more seeds, compared seed by seed:
``nox -s bench -- chain [--seeds N] [--lr RATE]``.

The page keeps a change when each of its three seeds beats each of the three of the recipe
so far. With ten seeds that rule asks for all ten above all ten, far stricter, so the
study (``nox -s bench -- study``) may stop at the first row where the page went on. This
benchmark asks the other question a teacher asks: does each step of the page's chain help
on most seeds? It executes the page's own code from the built site's download, up to its
first experiment (the data, the model, ``train`` and ``scores``; nothing is screened), then
trains the chain on the page's 128-step budget with ``--seeds`` seeds (default 10): the
baseline at ``--lr`` (default 0.01, the rate the page tunes on a CPU), then the baseline
with the first of the page's ``CHANGES``, then with the first two, and so on (and, as on the
page, a last step without ``bfloat16`` when the page's timing kept it). Each step is
compared with the one before it seed by seed (the same seed gives both the same starting
weights and batches): the mean difference, its standard error and on how many seeds the
step won. It prints a table and writes ``benchmarks/results/faster_better_chain.json``.
"""

from __future__ import annotations

import argparse
import ast
import dataclasses
import os
import re
import statistics
import sys
import types
from pathlib import Path

from mnist import REPO, BenchmarkError, describe_machine, relative, site_download, write_report

#: The page's first experiment: the cells before it define, and run no training.
FIRST_EXPERIMENT = "# The noise, and the learning rate"
CHANGES = re.compile(r"^CHANGES = (\{.*\})$", re.MULTILINE)


def page_definitions(script: Path) -> tuple[dict, dict]:
    """The namespace of the page's cells before its first experiment, and its ``CHANGES``."""
    source = script.read_text(encoding="utf-8")
    head, found, _ = source.partition(FIRST_EXPERIMENT)
    changes = CHANGES.search(source)
    if not found or not changes:
        raise BenchmarkError(
            f"{script}: no section '{FIRST_EXPERIMENT[2:]}' or no line 'CHANGES = {{...}}': "
            f"point {__file__} at what the page calls them now"
        )
    page = types.ModuleType("faster_better_page")  # a module, so that its dataclass works
    sys.modules[page.__name__] = page
    exec(compile(head, str(script), "exec"), page.__dict__)  # the page's own definitions
    return page.__dict__, ast.literal_eval(changes[1])


def chain(namespace: dict, changes: dict, lr: float) -> list:
    """The baseline, then each change of ``changes`` added to the step before, in order."""
    steps = [namespace["Recipe"](lr=lr, **namespace["speed"])]
    for name, value in changes.items():
        steps.append(dataclasses.replace(steps[-1], **{name: value}))
    return steps


def compare(after: list[float], before: list[float]) -> dict:
    """Seed-by-seed differences of two rows: their mean, its standard error, the wins."""
    differences = [a - b for a, b in zip(after, before, strict=True)]
    error = statistics.stdev(differences) / len(differences) ** 0.5
    return {
        "mean_difference": round(statistics.mean(differences), 6),
        "standard_error": round(error, 6),
        "wins": sum(difference > 0 for difference in differences),
    }


def format_step(label: str, row: list[float], against: dict | None) -> str:
    cells = f"{100 * statistics.mean(row):6.2f}  {100 * statistics.stdev(row):5.2f}"
    if against is None:
        return f"{label:<34} {cells}"
    delta = f"{100 * against['mean_difference']:+6.2f} ± {100 * against['standard_error']:.2f}"
    return f"{label:<34} {cells}  {delta}  {against['wins']:>2}/{len(row)}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10, help="seeds per step (default 10)")
    parser.add_argument("--lr", type=float, default=0.01, help="the baseline's rate")
    args = parser.parse_args(argv)
    if args.seeds < 2:
        parser.error("--seeds must be at least 2")
    os.environ.update(PRIMER_SEEDS=str(args.seeds), MPLBACKEND="Agg")
    os.environ.setdefault("PRIMER_DATA", str(REPO / "data"))
    try:
        script = site_download()
        namespace, changes = page_definitions(script)
    except BenchmarkError as error:
        print(error, file=sys.stderr)
        return 1
    if namespace["speed"].get("bfloat16"):
        changes = {**changes, "bfloat16": False}  # the page's last row takes it out again
    steps = chain(namespace, changes, args.lr)
    print(f"\n{'step':<34} {'mean %':>6}  {'sd':>5}  {'paired Δ ± SE':>14}  wins")
    labels = ["baseline", *(f"+ {name}={value!r}" for name, value in changes.items())]
    rows, report_steps = [], []
    for label, recipe in zip(labels, steps, strict=True):
        rows.append(namespace["scores"](recipe).tolist())
        against = compare(rows[-1], rows[-2]) if len(rows) > 1 else None
        print(format_step(label, rows[-1], against), flush=True)
        report_steps.append({"recipe": namespace["describe"](recipe), "seeds": rows[-1],
                             "against_previous": against})  # fmt: skip
    report = {
        "benchmark": "faster_better_chain",
        "machine": describe_machine(),
        "script": relative(script),
        "seeds": args.seeds,
        "steps": report_steps,
    }
    print(f"written: {relative(write_report(report, 'faster_better_chain'))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
