"""Run every downloadable example as a reader would: ``nox -s compat`` runs this.

``python -m primer.check.run_downloads --scripts [--notebooks] [--snippets] [--site DIR]
[--language en]``

Each example's downloaded ``.py`` runs with this Python in an empty folder of its own, with
MNIST (and nothing else) in the folder ``$PRIMER_DATA`` names; each ``.ipynb`` executes top to
bottom in a Jupyter kernel (nbclient); each snippet (``snippets/**.py``, the exercises'
solutions among them, which readers copy from the pages) runs in its folder and must print
exactly its recorded ``.out``. Prints one line per file with its time; exits non-zero, after
trying them all, if any failed.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from primer import REPO
from primer.data.mnist import RAW_MD5, ensure_mnist, raw_dir

TIMEOUT_S = 900


def find_downloads(site: Path, suffix: str) -> list[Path]:
    """The published download of every gallery example, in the order of the gallery."""
    found = []
    for script in sorted((REPO / "gallery").glob("*/*.py")):
        matches = sorted(site.glob(f"_downloads/*/{script.stem}{suffix}"))
        if len(matches) != 1:
            raise SystemExit(
                f"{site}: expected one download {script.stem}{suffix}, found {len(matches)}: "
                "build the site first (nox -s docs)"
            )
        found.append(matches[0])
    return found


def data_folder_with_only_mnist(scratch: Path) -> Path:
    """A fresh ``$PRIMER_DATA`` holding the four verified MNIST files and nothing else."""
    source = raw_dir(ensure_mnist())
    target = raw_dir(scratch / "data")
    target.mkdir(parents=True)
    for name in RAW_MD5:
        shutil.copy(source / name, target / name)
    return scratch / "data"


def run_in_folder(script: Path, folder: Path, env: dict) -> subprocess.CompletedProcess:
    """``python <script's file name>`` with this Python, in ``folder``, as a reader runs it."""
    return subprocess.run(
        [sys.executable, script.name], cwd=folder, env=env, capture_output=True, text=True,
        timeout=TIMEOUT_S,
    )  # fmt: skip


def run_script(script: Path, scratch: Path, env: dict) -> tuple[bool, str]:
    folder = scratch / script.stem
    folder.mkdir()
    shutil.copy(script, folder)
    run = run_in_folder(script, folder, env)
    return run.returncode == 0, run.stdout + run.stderr


def run_snippet(snippet: Path, scratch: Path, env: dict) -> tuple[bool, str]:
    run = run_in_folder(snippet, snippet.parent, env)
    recorded = snippet.with_suffix(".out").read_text(encoding="utf-8")
    if run.returncode == 0 and run.stdout != recorded:
        return False, f"prints something else than {snippet.with_suffix('.out')}:\n{run.stdout}"
    return run.returncode == 0, run.stdout + run.stderr


def run_notebook(notebook: Path, scratch: Path, env: dict) -> tuple[bool, str]:
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    folder = scratch / f"{notebook.stem}-notebook"
    folder.mkdir()
    content = nbformat.read(notebook, as_version=4)
    client = NotebookClient(
        content, timeout=TIMEOUT_S, kernel_name="python3", resources={"metadata": {"path": folder}}
    )
    os.environ.update(env)  # the kernel inherits this process's environment
    try:
        client.execute()
    except CellExecutionError as error:
        return False, str(error)
    return True, ""


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scripts", action="store_true", help="run every .py download")
    parser.add_argument("--notebooks", action="store_true", help="execute every .ipynb")
    parser.add_argument("--snippets", action="store_true", help="run every snippet, check output")
    parser.add_argument("--site", type=Path, default=REPO / "docs" / "_build" / "html")
    parser.add_argument("--language", default="en")
    options = parser.parse_args(argv)
    import torch
    import torchvision

    print(f"torch {torch.__version__}, torchvision {torchvision.__version__}, "
          f"Python {platform.python_version()}")  # fmt: skip
    jobs = []
    if options.scripts:
        jobs += [
            (run_script, path) for path in find_downloads(options.site / options.language, ".py")
        ]
    if options.notebooks:
        jobs += [
            (run_notebook, path)
            for path in find_downloads(options.site / options.language, ".ipynb")
        ]
    if options.snippets:
        jobs += [(run_snippet, path) for path in sorted((REPO / "snippets").rglob("*.py"))]
    failed = []
    with tempfile.TemporaryDirectory(prefix="primer-downloads-") as scratch:
        scratch = Path(scratch)
        env = {
            **os.environ,
            "MPLBACKEND": "Agg",
            "PRIMER_DATA": str(data_folder_with_only_mnist(scratch)),
        }
        for run, path in jobs:
            started = time.perf_counter()
            ok, output = run(path, scratch, env)
            print(
                f"{'ok  ' if ok else 'FAIL'} {time.perf_counter() - started:6.1f} s  {path.name}",
                flush=True,
            )
            if not ok:
                failed.append(path.name)
                print(output[-3000:], flush=True)
    print(f"{len(jobs) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
