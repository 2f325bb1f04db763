"""Time the snippet tests' two ways of running every snippet as a program.

``python benchmarks/snippets.py [--rounds 3]`` (or ``nox -s bench -- snippets``)

* **new interpreter**: ``python snippet.py`` in the snippet's folder, one process each, as
  the snippet tests did before: each pays for Python's start and torch's import;
* **forked runner**: ``primer.check.programs.program_runner``, which the snippet tests use
  now: each snippet runs in a fresh process forked from a server that has already imported
  torch.

The two alternate, round after round, over every snippet under ``snippets/``; each round's
output is compared with the recorded ``.out`` so that both ways are known to run the same
programs. Prints the medians side by side, the median of the rounds' ratios with their range
and the load average at each round, and writes ``benchmarks/results/snippets.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from primer.check.measure import paired_ratios
from primer.check.programs import program_runner  # the runner the snippet tests use
from primer.check.run_downloads import run_in_folder  # a new interpreter, as readers run it

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results" / "snippets.json"
SNIPPETS = sorted((REPO / "snippets").rglob("*.py"))


def run_in_new_interpreter(script: Path) -> str:
    run = run_in_folder(script, script.parent, dict(os.environ))
    if run.returncode:
        sys.exit(f"{script} failed:\n{run.stderr}")
    return run.stdout


def run_all(run_one) -> float:
    """Seconds to run every snippet with ``run_one``; each output must match its recording."""
    start = time.perf_counter()
    for script in SNIPPETS:
        printed = run_one(script)
        if printed != script.with_suffix(".out").read_text(encoding="utf-8"):
            sys.exit(f"{script} printed something else than {script.with_suffix('.out')}")
    return time.perf_counter() - start


def measure(rounds: int) -> tuple[dict[str, list[float]], list[float]]:
    """Each way's seconds in every round, and the load average when each round started."""
    times, loads = {"new interpreter": [], "forked runner": []}, []
    with program_runner(preload=["torch"]) as run:
        forked = lambda script: run(script, timeout=300)[1]  # noqa: E731
        run_all(forked)  # starts the server: not counted, as the tests start it once
        for _ in range(rounds):
            loads.append(round(os.getloadavg()[0], 2))
            times["new interpreter"].append(run_all(run_in_new_interpreter))
            times["forked runner"].append(run_all(forked))
    return times, loads


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    times, loads = measure(args.rounds)
    medians = {way: statistics.median(seconds) for way, seconds in times.items()}
    print(f"{len(SNIPPETS)} snippets, {args.rounds} alternating rounds, median seconds:")
    for way, seconds in times.items():
        runs = ", ".join(f"{s:.1f}" for s in seconds)
        print(f"  {way:<16} {medians[way]:6.1f} s   ({runs})")
    ratio = paired_ratios(times["forked runner"], times["new interpreter"])
    spread = f"{ratio['min']:.2f}-{ratio['max']:.2f}"
    print(f"  forked / new, round by round: median {ratio['median']:.2f} ({spread})")
    print(f"  load average when each round started: {loads}")
    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": platform.platform(),
        "python": platform.python_version(),
        "snippets": len(SNIPPETS),
        "seconds": times,
        "median_seconds": medians,
        "load_average": loads,
        "forked_over_new": ratio,
    }
    RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"written: {RESULTS.relative_to(REPO)}")


if __name__ == "__main__":
    main()
