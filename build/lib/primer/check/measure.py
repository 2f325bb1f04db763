"""How the benchmarks compare two ways of doing one thing: round by round, never as a ratio
of two medians."""

from __future__ import annotations

import statistics


def paired_ratios(values: list[float], baseline: list[float]) -> dict:
    """The ratio ``values[i] / baseline[i]`` of every round, with their median, minimum and
    maximum: a machine that gets busier or quieter between rounds affects both sides of a
    round alike, so each round's ratio is fair where a ratio of medians may not be."""
    ratios = [value / base for value, base in zip(values, baseline, strict=True)]
    return {
        "ratios": [round(ratio, 4) for ratio in ratios],
        "median": round(statistics.median(ratios), 4),
        "min": round(min(ratios), 4),
        "max": round(max(ratios), 4),
    }
