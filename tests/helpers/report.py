"""What the run reports at its end, and skipping or failing when a tool is missing."""

from __future__ import annotations

import os
from collections import defaultdict

import pytest

#: Numbers the tests report at the end of the run (pages checked, links, validator messages).
STATS: dict[str, int] = defaultdict(int)
#: Lines the run reports at its end (tool versions, warnings by count).
NOTES: list[str] = []


def require(available: bool, reason: str) -> None:
    """Skip when a tool the test needs is missing, or fail where CI says it must be there."""
    if available:
        return
    if os.environ.get("PRIMER_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (PRIMER_REQUIRE_BROWSER=1: browser and validator tests must run)")
    pytest.skip(reason)
