"""Run Python files as programs, each in a fresh process, without paying torch's import
again for each: how the snippet tests run every snippet (``benchmarks/snippets.py`` times it
against a new interpreter per snippet)."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path


def run_program(path: str) -> tuple[int, str, str]:
    """Run the Python file ``path`` as ``python path`` would, from its folder; return its exit
    code, what it printed and its error output. Meant for a fresh process of its own."""
    import io
    import runpy
    import traceback

    folder = str(Path(path).parent)
    os.chdir(folder)
    sys.argv, sys.path[0] = [path], folder
    stdout, stderr, code = io.StringIO(), io.StringIO(), 0
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        try:
            runpy.run_path(path, run_name="__main__")
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else int(exit_.code is not None)
        except BaseException:
            traceback.print_exc()
            code = 1
    return code, stdout.getvalue(), stderr.getvalue()


@contextlib.contextmanager
def program_runner(preload: list[str]):
    """A function that runs a program (``run_program``) in a fresh process, forked from a
    server that has already imported ``preload`` (and this module, which holds
    ``run_program``): every snippet starts as a new program would, without paying torch's
    import (seconds) again each time."""
    import multiprocessing

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([*preload, __name__])
    with context.Pool(processes=1, maxtasksperchild=1) as pool:
        yield lambda path, timeout: pool.apply_async(run_program, (str(path),)).get(timeout)
