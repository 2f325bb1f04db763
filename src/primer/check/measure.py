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


#: ``/proc/stat``'s first line counts the clock ticks of all CPUs by kind; ``steal`` is the
#: eighth: time the virtual machine was ready to run but its host ran something else.
PROC_STAT = "/proc/stat"
STEAL_FIELD = 7


def cpu_ticks(path: str = PROC_STAT) -> list[int] | None:
    """The machine's CPU time counters since boot, or None where there are none (not Linux)."""
    try:
        with open(path, encoding="ascii") as stat:
            fields = stat.readline().split()
    except OSError:
        return None
    return [int(field) for field in fields[1:]] if fields[:1] == ["cpu"] else None


def steal_share(before: list[int] | None, after: list[int] | None) -> float | None:
    """The share of CPU time that the host took from this machine between two readings of
    :func:`cpu_ticks`. On a virtual machine whose host is busy, every program runs slower by
    about that share, and the load average does not show it; None when it cannot be read."""
    if not before or not after or len(before) <= STEAL_FIELD:
        return None
    elapsed = sum(after) - sum(before)
    if elapsed <= 0:
        return None
    return round((after[STEAL_FIELD] - before[STEAL_FIELD]) / elapsed, 3)


def format_share(share: float | None) -> str:
    """A share as a percentage, or ``n/a`` where the machine does not count it."""
    return "n/a" if share is None else f"{share:.0%}"
