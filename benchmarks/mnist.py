"""Run the site's MNIST recipe and the seed recipes as a reader runs them, side by side.

``python benchmarks/mnist.py [--runs N] [--only NAME ...]`` (or ``nox -s bench``) runs, each
as a separate ``python`` process started in an empty temporary folder, with ``$PRIMER_DATA``
pointing at MNIST (and ``MPLBACKEND=Agg``, so that figures open no window):

``site``
    The script that the built site offers for download for ``SITE_EXAMPLE``
    (``docs/_build/html/en/_downloads/*/<name>.py``; build the site first), with
    ``PRIMER_EPOCHS`` set to ``SITE_EPOCHS``: the page trains its final runs (the recipe and
    the baseline, on the same budget) for one epoch to stay within its build time, and the
    benchmark gives both the budget at which the recipe is held to the goal.
``seed-cnn``
    ``benchmarks/recipes/seed_cnn.py``: the seed CNN with its shapes fixed, trained as the
    seed trains it. It is the baseline.
``seed-mlp``
    ``benchmarks/recipes/seed_mlp.py``: the seed perceptron.

The recipes take turns (site, seed-cnn, seed-mlp, site, ...), ``--runs`` rounds (default 5),
so that a machine that gets busier or quieter affects the runs of one round alike. Round
*k* sets ``PRIMER_FIRST_SEED=k-1`` for every recipe (the seed of the site's final runs and of
the seed recipes), so that the median accuracy is over as many seeds as rounds, not one
seed's result repeated: on a CPU, a seed gives the same result every time. For each
run the benchmark records the machine's load average when it starts, the share of CPU time
that a virtual machine's host took while it ran (``steal``: a busy host slows every run by
about that share, which the load average does not show), the wall time of the
whole process (start of Python and imports included, as a reader waits for them), the last
``training time: N.N s`` line (the training loop alone, which each script times the same
way: from its first batch to its last update; the site's one-off conversion of all images
to one normalized tensor is outside it, the seed's per-image transforms are inside it,
because that is where each prepares its data) and the last ``test accuracy: NN.NN%`` line.

The site's recipe is compared with the baseline round by round: each round gives one ratio
of training-loop times and one of wall times, and the report gives the median of those
paired ratios with their minimum and maximum, never a ratio of two medians. The goal is
met when the site's median test accuracy and the median paired loop-time ratio both are.
It prints a table and writes everything, with a description of the machine, to
``benchmarks/results/mnist.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from primer.check.measure import cpu_ticks, format_share, paired_ratios, steal_share
from primer.data.mnist import MNISTUnavailable, ensure_mnist

REPO = Path(__file__).resolve().parents[1]

#: The site's best MNIST recipe: the gallery example whose download is benchmarked. The
#: script must print its final result as a line ``test accuracy: NN.NN%``.
SITE_EXAMPLE = "gallery/02-training/04_faster_better.py"
SITE = REPO / "docs" / "_build" / "html"
#: The epochs of the site's final runs in the benchmark (``PRIMER_EPOCHS``).
SITE_EPOCHS = 2
LANGUAGE = "en"
RECIPES_DIR = REPO / "benchmarks" / "recipes"
RESULTS_DIR = REPO / "benchmarks" / "results"
BASELINE = "seed-cnn"
#: The goal the site's recipe is held to (issue 17): this median test accuracy, with a
#: median paired ratio of training-loop times at most this.
GOAL = {"min_accuracy": 0.993, "max_loop_ratio": 1 / 8}
ACCURACY_LINE = re.compile(r"^test accuracy: (\d+(?:\.\d+)?) ?%", re.MULTILINE)
TIME_LINE = re.compile(r"training time: (\d+(?:\.\d+)?) s")
TIMEOUT_S = 3600


@dataclass(frozen=True)
class Recipe:
    name: str
    script: Path
    label: str
    #: Environment variables the recipe runs with, on top of the benchmark's.
    env: dict[str, str] = field(default_factory=dict)


class BenchmarkError(RuntimeError):
    """A recipe could not be run or measured; the message says which and why."""


# -- The recipes ----------------------------------------------------------------------------


def site_download(site: Path = SITE, example: str = SITE_EXAMPLE) -> Path:
    """The ``.py`` that the built site offers for download for ``example``."""
    if not (REPO / example).is_file():
        raise BenchmarkError(f"{example} does not exist: point SITE_EXAMPLE in {__file__} at it")
    name = Path(example).name
    found = sorted((site / LANGUAGE / "_downloads").glob(f"*/{name}"))
    if len(found) != 1:
        raise BenchmarkError(
            f"{site / LANGUAGE / '_downloads'}: expected one download {name}, found "
            f"{len(found)}: build the site first (nox -s docs)"
        )
    return found[0]


RECIPE_NAMES = ("site", BASELINE, "seed-mlp")


def make_recipe(name: str, site: Path = SITE) -> Recipe:
    if name == "site":
        label = f"site ({Path(SITE_EXAMPLE).name} download, {SITE_EPOCHS} epochs)"
        return Recipe(name, site_download(site), label, {"PRIMER_EPOCHS": str(SITE_EPOCHS)})
    if name == BASELINE:
        return Recipe(name, RECIPES_DIR / "seed_cnn.py", "seed CNN, shapes fixed")
    return Recipe(name, RECIPES_DIR / "seed_mlp.py", "seed MLP")


# -- Running ----------------------------------------------------------------------------------


def last_match(pattern: re.Pattern, output: str, script: Path, line: str) -> float:
    """The number in the last line of ``output`` that ``pattern`` matches."""
    found = pattern.findall(output)
    if not found:
        raise BenchmarkError(
            f"{script} printed no line '{line}'; a benchmarked recipe must print it that way"
        )
    return float(found[-1])


def parse_accuracy(output: str, script: Path) -> float:
    """The last ``test accuracy: NN.NN%`` a script printed, as a fraction."""
    return round(last_match(ACCURACY_LINE, output, script, "test accuracy: NN.NN%") / 100, 6)


def parse_loop_time(output: str, script: Path) -> float:
    """The last ``training time: N.N s`` a script printed: its training loop, in seconds."""
    return last_match(TIME_LINE, output, script, "training time: N.N s")


def run_once(recipe: Recipe, env: dict[str, str], seed: int = 0) -> dict:
    """Run a recipe's script in an empty folder with ``PRIMER_FIRST_SEED=seed``; return the
    seed, the load average when it started, the share of CPU time the host took meanwhile
    (steal), its wall time, its training-loop time and its accuracy."""
    env = {**env, **recipe.env, "PRIMER_FIRST_SEED": str(seed)}
    load, ticks = os.getloadavg()[0], cpu_ticks()
    with tempfile.TemporaryDirectory(prefix=f"primer-bench-{recipe.name}-") as folder:
        started = time.perf_counter()
        completed = subprocess.run(
            [sys.executable, str(recipe.script)], cwd=folder, env=env,
            capture_output=True, text=True, timeout=TIMEOUT_S,
        )  # fmt: skip
        wall_s = time.perf_counter() - started
    output = completed.stdout + completed.stderr
    if completed.returncode != 0:
        raise BenchmarkError(
            f"{recipe.script} failed with exit status {completed.returncode}:\n{output[-3000:]}"
        )
    return {
        "seed": seed,
        "load": round(load, 2),
        "steal": steal_share(ticks, cpu_ticks()),
        "wall_s": round(wall_s, 3),
        "loop_s": parse_loop_time(completed.stdout, recipe.script),
        "accuracy": parse_accuracy(completed.stdout, recipe.script),
    }


def alternate(recipes: list[Recipe], runs: int, env: dict[str, str], log=print) -> dict:
    """Run the recipes in turn, ``runs`` rounds, round *k* with seed *k - 1*; return each
    recipe's list of runs."""
    results = {recipe.name: [] for recipe in recipes}
    for round_number in range(1, runs + 1):
        for recipe in recipes:
            run = run_once(recipe, env, seed=round_number - 1)
            results[recipe.name].append(run)
            log(f"round {round_number}/{runs}  {recipe.name:<9} load {run['load']:5.2f}  "
                f"steal {format_share(run['steal'])}  "
                f"wall {run['wall_s']:7.1f} s  loop {run['loop_s']:6.1f} s  "
                f"{run['accuracy']:.2%}")  # fmt: skip
    return results


# -- The report -------------------------------------------------------------------------------


def paired(runs: list[dict], base_runs: list[dict], key: str) -> dict:
    """The ratio ``runs[i][key] / base_runs[i][key]`` of every round, with their median,
    minimum and maximum."""
    return paired_ratios([run[key] for run in runs], [base[key] for base in base_runs])


def summarize(recipes: list[Recipe], results: dict, machine: dict) -> dict:
    """The JSON report: the machine, each recipe's runs and medians, and each recipe's
    paired ratios to the baseline, round by round."""
    report = {"benchmark": "mnist", "machine": machine, "baseline": BASELINE, "recipes": {}}
    base_runs = results.get(BASELINE)
    for recipe in recipes:
        runs = results[recipe.name]
        summary = {
            "label": recipe.label,
            "script": relative(recipe.script),
            "runs": runs,
            "median_wall_s": statistics.median(run["wall_s"] for run in runs),
            "median_loop_s": statistics.median(run["loop_s"] for run in runs),
            "accuracy": statistics.median(run["accuracy"] for run in runs),
        }
        if base_runs:
            summary["loop_ratio"] = paired(runs, base_runs, "loop_s")
            summary["wall_ratio"] = paired(runs, base_runs, "wall_s")
        report["recipes"][recipe.name] = summary
    site = report["recipes"].get("site")
    if site and base_runs:
        met = (
            site["accuracy"] >= GOAL["min_accuracy"]
            and site["loop_ratio"]["median"] <= GOAL["max_loop_ratio"]
        )
        report["goal"] = {**GOAL, "met": met}
    return report


def relative(path: Path) -> str:
    return str(path.relative_to(REPO)) if path.is_relative_to(REPO) else str(path)


def format_table(report: dict) -> str:
    """One row per recipe: runs, median wall and loop times, accuracy, and the median (min to
    max) of the paired ratios to the baseline."""
    header = ["recipe", "runs", "wall s", "loop s", "test acc", "loop / base", "wall / base"]
    rows = [header]
    for summary in report["recipes"].values():
        rows.append([
            summary["label"],
            str(len(summary["runs"])),
            f"{summary['median_wall_s']:.1f}",
            f"{summary['median_loop_s']:.1f}",
            f"{summary['accuracy']:.2%}",
            ratio_cell(summary.get("loop_ratio")),
            ratio_cell(summary.get("wall_ratio")),
        ])  # fmt: skip
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]

    def line(row):
        cells = [row[0].ljust(widths[0])]
        cells += [cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)]
        return "  ".join(cells)

    return "\n".join([line(header), "  ".join("-" * w for w in widths), *map(line, rows[1:])])


def ratio_cell(ratio: dict | None) -> str:
    if ratio is None:
        return "-"
    return f"{ratio['median']:.3f} ({ratio['min']:.3f}-{ratio['max']:.3f})"


def describe_machine() -> dict:
    import torch

    accelerator = (
        torch.accelerator.current_accelerator() if torch.accelerator.is_available() else None
    )
    device = str(accelerator or "cpu")
    if accelerator is not None and accelerator.type == "cuda":
        device += f" ({torch.cuda.get_device_name()})"
    return {
        "cpu_count": os.cpu_count(),
        "torch": torch.__version__,
        "device": device,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def write_report(report: dict, name: str = "mnist", folder: Path = RESULTS_DIR) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.json"
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per recipe (default 5)")
    parser.add_argument(
        "--only", nargs="+", choices=RECIPE_NAMES, default=RECIPE_NAMES, help="recipes to run"
    )
    parser.add_argument("--site", type=Path, default=SITE, help="the built site")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    try:
        recipes = [make_recipe(name, args.site) for name in RECIPE_NAMES if name in args.only]
        data = ensure_mnist(Path(os.environ.get("PRIMER_DATA", REPO / "data")).resolve())
        env = {**os.environ, "MPLBACKEND": "Agg", "PRIMER_DATA": str(data)}
        machine = describe_machine()
        print(", ".join(f"{key}: {value}" for key, value in machine.items()), flush=True)
        report = summarize(recipes, alternate(recipes, args.runs, env), machine)
    except (BenchmarkError, MNISTUnavailable) as error:
        print(error, file=sys.stderr)
        return 1
    print()
    print(format_table(report))
    if "goal" in report:
        goal = report["goal"]
        print(f"\ngoal (site: median test accuracy ≥ {goal['min_accuracy']:.1%}, median paired "
              f"loop-time ratio to {BASELINE} ≤ {goal['max_loop_ratio']:.3f}): "
              f"{'met' if goal['met'] else 'not met'}")  # fmt: skip
    print(f"written: {relative(write_report(report))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
