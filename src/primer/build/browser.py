"""The system's Chromium, which the PDF build, the browser tests and the Lighthouse benchmark
drive (Playwright's own browser download is not used): ``$PRIMER_CHROMIUM``, else the first
``chromium`` or ``chromium-browser`` on the PATH."""

from __future__ import annotations

import os
import shutil


def chromium_executable() -> str | None:
    for candidate in (os.environ.get("PRIMER_CHROMIUM"), "chromium", "chromium-browser"):
        if candidate and shutil.which(candidate):
            return shutil.which(candidate)
    return None


def require_chromium() -> str:
    """The Chromium to use, or a stop that says how to get one."""
    found = chromium_executable()
    if found is None:
        raise SystemExit("no Chromium: install it (apt-get install chromium) or set "
                         "PRIMER_CHROMIUM to its path")  # fmt: skip
    return found
