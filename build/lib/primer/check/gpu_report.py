"""What ``tools/gpu_check.sh`` prints after its build: each example's run time, as
Sphinx-Gallery recorded it, and every ``test accuracy: NN.NN%`` line the built English
example pages show, with the page that printed it.

``python src/primer/check/gpu_report.py [REPO]`` reads ``docs/examples/*/*.cost.json`` and
``docs/_build/html/en/examples/*/*.html`` under ``REPO`` (default: the current folder). It needs
only the standard library, so that it runs with whatever Python the GPU machine has.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

REPO = Path.cwd()  # gpu_check.sh runs it by its path, in the checkout
ACCURACY = re.compile(r"test accuracy: [\d.]+ ?%")


def example_times(repo: Path) -> list[tuple[str, float]]:
    """``(folder/name, seconds)`` of every example the last build executed or reused."""
    return [
        (f"{cost.parent.name}/{cost.name.removesuffix('.cost.json')}",
         json.loads(cost.read_text(encoding="utf-8"))["time"])
        for cost in sorted((repo / "docs" / "examples").glob("*/*.cost.json"))
    ]  # fmt: skip


def accuracy_lines(repo: Path) -> list[tuple[str, str]]:
    """``(folder/name, line)`` for every test-accuracy line on the English example pages."""
    pages = sorted((repo / "docs" / "_build" / "html" / "en" / "examples").glob("*/*.html"))
    return [
        (f"{page.parent.name}/{page.stem}", line)
        for page in pages
        for line in ACCURACY.findall(page.read_text(encoding="utf-8"))
    ]


def report(repo: Path) -> str:
    times = example_times(repo)
    if not times:
        return f"no example run times under {repo / 'docs' / 'examples'}: the build did not run"
    lines = [f"{seconds:7.1f} s  {name}" for name, seconds in times]
    lines.append(f"{sum(seconds for _, seconds in times):7.1f} s  all examples")
    found = accuracy_lines(repo)
    lines += [f"{name}: {line}" for name, line in found] or ["no test accuracy on any page"]
    return "\n".join(lines)


if __name__ == "__main__":
    print(report(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO))
