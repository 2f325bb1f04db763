"""Writing test files, and reading build logs."""

from __future__ import annotations

import contextlib
import os
import re
import sys
import textwrap
from pathlib import Path


def write(path: Path, text: str) -> Path:
    """Write ``text``, dedented, to ``path`` (its folders made as needed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


TERMINAL_CONTROL = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def plain_log(path: Path) -> str:
    """A build log as plain lines: colours and line erasing removed, and each progress update
    on a line of its own (Sphinx writes them over one line, ending in ``\\r``, when it thinks it
    talks to a terminal, e.g. with ``CI=true`` or ``FORCE_COLOR`` set)."""
    text = TERMINAL_CONTROL.sub("", path.read_text(encoding="utf-8"))
    return text.replace("\r\n", "\n").replace("\r", "\n")


@contextlib.contextmanager
def redirect_fds(stream):
    """Send this process's (and its children's) stdout and stderr to ``stream``."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    os.dup2(stream.fileno(), 1)
    os.dup2(stream.fileno(), 2)
    try:
        yield
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        for fd, copy in zip((1, 2), saved, strict=True):
            os.dup2(copy, fd)
            os.close(copy)
