"""The faster-and-better page's experiment with more seeds: ``nox -s bench -- study``.

The page runs every row of its tables with three seeds, to stay within the build's time.
This runs the page's own download (``benchmarks/mnist.py``'s ``SITE_EXAMPLE``, from the built
site) once, in an empty folder, with ``PRIMER_SEEDS`` set to ``--seeds`` (default 10) and
``PRIMER_FINAL_SEEDS`` to ``--final-seeds`` (default 5): the same rows, the same budgets, more
seeds, and the baseline and the recipe trained on the final budget with several seeds. It
prints the tables as the page prints them and writes each row's per-seed validation
accuracies with their mean and standard deviation, each final run's validation accuracy, and
the machine to ``benchmarks/results/faster_better_study.json``. The page's ✓ (every seed of a
change above every seed of the baseline) grows stricter with more seeds; the study's rows
carry their standard deviations so that a difference can be set against its standard error
instead. The script's test-set line is not a new result: the study is for the validation
rows.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from mnist import (
    REPO,
    BenchmarkError,
    describe_machine,
    relative,
    site_download,
    write_report,
)

#: A row of the page's accuracy tables: a label, then one percentage per seed and the mean.
ROW = re.compile(r"^(?P<label>\S.*?)\s+(?P<cells>(?:\d+\.\d+%\s*){2,})(?P<rest>.*)$")


def parse_rows(output: str, seeds: int) -> list[dict]:
    """Every printed row with ``seeds`` accuracies and their mean."""
    rows = []
    for line in output.splitlines():
        match = ROW.match(line)
        if not match:
            continue
        cells = [round(float(cell) / 100, 6) for cell in re.findall(r"(\d+\.\d+)%", match["cells"])]
        if len(cells) == seeds + 1:
            values = cells[:-1]
            std = round(statistics.stdev(values), 6) if seeds > 1 else None
            row = {"label": match["label"].strip(), "seeds": values, "mean": cells[-1], "std": std}
            rows.append(row)
    return rows


#: A final run: ``Recipe(...): seed=N val accuracy NN.NN% | training time: N.N s``.
FINAL = re.compile(r"^(Recipe\(.*\)): seed=(\d+) val accuracy (\d+\.\d+)%", re.MULTILINE)


def parse_finals(output: str) -> list[dict]:
    """Every final-budget run's recipe, seed and validation accuracy."""
    return [
        {"recipe": recipe, "seed": int(seed), "val_accuracy": round(float(value) / 100, 6)}
        for recipe, seed, value in FINAL.findall(output)
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10, help="seeds per row (default 10)")
    parser.add_argument(
        "--final-seeds", type=int, default=5, help="seeds per final run (default 5)"
    )
    args = parser.parse_args(argv)
    try:
        script = site_download()
    except BenchmarkError as error:
        print(error, file=sys.stderr)
        return 1
    data = Path(os.environ.get("PRIMER_DATA", REPO / "data")).resolve()
    seeds = {"PRIMER_SEEDS": str(args.seeds), "PRIMER_FINAL_SEEDS": str(args.final_seeds)}
    env = {**os.environ, "MPLBACKEND": "Agg", "PRIMER_DATA": str(data), **seeds}
    with tempfile.TemporaryDirectory(prefix="primer-study-") as folder:
        command = [sys.executable, str(script)]
        completed = subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True)
    print(completed.stdout)
    if completed.returncode != 0:
        failure = f"{script} failed with exit status {completed.returncode}"
        print(f"{failure}:\n{completed.stderr[-3000:]}", file=sys.stderr)
        return 1
    report = {
        "benchmark": "faster_better_study",
        "machine": describe_machine(),
        "script": relative(script),
        "seeds": args.seeds,
        "final_seeds": args.final_seeds,
        "rows": parse_rows(completed.stdout, args.seeds),
        "finals": parse_finals(completed.stdout),
        "output": completed.stdout.splitlines(),
    }
    print(f"written: {relative(write_report(report, 'faster_better_study'))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
