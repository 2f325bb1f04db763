"""The faster-and-better page's experiment with more seeds: ``nox -s bench -- study``.

The page runs every row of its tables with three seeds, to stay within the build's time.
This runs the page's own download (``benchmarks/mnist.py``'s ``SITE_EXAMPLE``, from the built
site) once, in an empty folder, with ``PRIMER_SEEDS`` set to ``--seeds`` (default 10): the
same rows, the same budgets, more seeds. It prints the tables as the page prints them and
writes each row's per-seed validation accuracies, with the machine, to
``benchmarks/results/faster_better_study.json``.
"""

from __future__ import annotations

import argparse
import os
import re
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
            rows.append({"label": match["label"].strip(), "seeds": cells[:-1], "mean": cells[-1]})
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10, help="seeds per row (default 10)")
    args = parser.parse_args(argv)
    try:
        script = site_download()
    except BenchmarkError as error:
        print(error, file=sys.stderr)
        return 1
    data = Path(os.environ.get("PRIMER_DATA", REPO / "data")).resolve()
    env = {**os.environ, "MPLBACKEND": "Agg", "PRIMER_DATA": str(data),
           "PRIMER_SEEDS": str(args.seeds)}  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="primer-study-") as folder:
        completed = subprocess.run([sys.executable, str(script)], cwd=folder, env=env,
                                   capture_output=True, text=True)  # fmt: skip
    print(completed.stdout)
    if completed.returncode != 0:
        print(f"{script} failed with exit status {completed.returncode}:\n{completed.stderr[-3000:]}",
              file=sys.stderr)  # fmt: skip
        return 1
    report = {
        "benchmark": "faster_better_study",
        "machine": describe_machine(),
        "script": relative(script),
        "seeds": args.seeds,
        "rows": parse_rows(completed.stdout, args.seeds),
        "output": completed.stdout.splitlines(),
    }
    print(f"written: {relative(write_report(report, 'faster_better_study'))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
