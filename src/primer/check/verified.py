"""Where each lesson's code last ran to the end: the record ``docs/verified.json``.

``nox -s compat`` writes it (``primer.check.run_downloads --record``) after running the built
site's downloads on the oldest supported torch and on the pinned one, and ``tools/gpu_check.sh``
after building the site on a GPU (``primer.check.gpu_report``). Each lesson's page and its
downloads show it (``primer.sphinxext.verified``), and a test fails when a lesson's code
changed since its last recorded run on either torch of ``nox -s compat``.

A record belongs to the code that ran. What is hashed (SHA-256), for a gallery lesson
``gallery/<folder>/<name>.py``: the lesson's own file, then each snippet that it includes
(``.. literalinclude:: /../snippets/...py``, the exercises' solutions among them), in the order
of their paths, each as its path relative to the repository, a zero byte, its bytes and a
zero byte. The downloads are made from exactly these files (their comments translated), so
an edit to any of them, and nothing else, makes the record stale. A run records only the
lessons that ran to the end: every download of the lesson that the run executed (each
language's ``.py``, and its ``.ipynb`` where notebooks are executed), and its snippets where
snippets are run, each printing its recording.
"""

from __future__ import annotations

import hashlib
import json
import platform
import re
from datetime import UTC, datetime
from pathlib import Path

RECORD = Path("docs") / "verified.json"
#: A snippet that a lesson includes, by its path from the docs folder.
INCLUDED_SNIPPET = re.compile(r"literalinclude::\s*/\.\./(snippets/\S+\.py)\s*$", re.MULTILINE)
ABOUT = (
    "Where each lesson's code last ran to the end, by torch version and device. Written by "
    "nox -s compat and tools/gpu_check.sh (src/primer/check/verified.py says what is hashed); "
    "commit it with the lesson."
)


def lesson_key(script: Path) -> str:
    """``<folder>/<name>`` of a gallery lesson, as the record names it."""
    return f"{script.parent.name}/{script.stem}"


def included_snippets(script: Path, repo: Path) -> list[Path]:
    text = script.read_text(encoding="utf-8")
    return sorted({repo / found for found in INCLUDED_SNIPPET.findall(text)})


def code_hash(script: Path, repo: Path) -> str:
    """The hash of the code a lesson's downloads run (see the module's docstring)."""
    digest = hashlib.sha256()
    for path in [script, *included_snippets(script, repo)]:
        digest.update(path.relative_to(repo).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return "sha256:" + digest.hexdigest()


def read_record(path: Path) -> dict:
    """The record at ``path``; an empty one when there is none."""
    if not path.is_file():
        return {"about": ABOUT, "lessons": {}}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except ValueError as error:
        raise SystemExit(f"{path}: not valid JSON ({error}); restore it from git") from None


def this_run(device: str, by: str) -> dict:
    """A run on this Python's torch, today (UTC)."""
    import torch

    return {
        "torch": torch.__version__,
        "device": device,
        "python": platform.python_version(),
        "date": datetime.now(UTC).date().isoformat(),
        "by": by,
    }


def add_runs(record: dict, hashes: dict[str, str], run: dict) -> dict:
    """``record`` with ``run`` added to each lesson in ``hashes`` (``{key: code hash}``).

    A lesson recorded for other code loses its old runs, which verified that code; a run on
    the same torch and device replaces the earlier one. Lessons not in ``hashes`` (which did
    not run to the end, or did not run) keep what they had.
    """
    lessons = dict(record.get("lessons", {}))
    for key, digest in hashes.items():
        entry = lessons.get(key)
        runs = entry["runs"] if entry and entry["code"] == digest else []
        runs = [old for old in runs if where(old) != where(run)]
        lessons[key] = {"code": digest, "runs": sorted([*runs, run], key=run_order)}
    return {"about": ABOUT, "lessons": dict(sorted(lessons.items()))}


def where(run: dict) -> tuple[str, str]:
    return run["torch"], run["device"]


def run_order(run: dict) -> tuple:
    return (run["device"] != "CPU", version_tuple(run["torch"]), run["device"])


def version_tuple(version: str) -> tuple[int, ...]:
    """``2.6.0+cpu`` -> ``(2, 6, 0)``."""
    return tuple(int(part) for part in re.findall(r"\d+", version.split("+")[0])[:3])


def write_record(path: Path, record: dict) -> None:
    path.write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def runs_for(record: dict, key: str, digest: str) -> list[dict] | None:
    """The runs recorded for this lesson's current code, or ``None`` when there are none: the
    lesson changed since (or never had) a recorded run."""
    entry = record.get("lessons", {}).get(key)
    if not entry or entry["code"] != digest or not entry["runs"]:
        return None
    return entry["runs"]


def record_build(site: Path, record: Path, by: str) -> dict:
    """Add a run on this Python's torch and device to every lesson of the site built in
    ``site`` (one language's folder), keyed by the hashes that build computed (``code.json``):
    the build executed every example to the end, or it would have failed."""
    from primer.sphinxext.provenance import describe_device

    hashes = json.loads((site / "code.json").read_text(encoding="utf-8"))["lessons"]
    updated = add_runs(read_record(record), hashes, this_run(describe_device(), by))
    write_record(record, updated)
    return updated


def main(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Record that the built site's lessons ran.")
    parser.add_argument(
        "--from-build", action="store_true", required=True,
        help="every lesson of the built site ran to the end on this torch and device",
    )  # fmt: skip
    parser.add_argument("--site", type=Path, default=Path("docs/_build/html/en"))
    parser.add_argument("--record", type=Path, default=RECORD)
    parser.add_argument("--by", default="tools/gpu_check.sh")
    options = parser.parse_args(argv)
    record_build(options.site, options.record, options.by)
    print(f"recorded in {options.record}: every lesson of {options.site}")
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
