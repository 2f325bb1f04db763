"""The gallery's examples by name, and their split into shards for a build on several machines.

An example is named by its path below ``gallery/`` without ``.py``
(``02-training/03_mnist_cnn``); on the command line its file name is enough (``03_mnist_cnn``).
Used by src/primer/build/site.py (``nox -s docs -- 03_mnist_cnn``, ``--shard 1/2``) and by
docs/conf.py (which examples a shard's build executes).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from primer import REPO

GALLERY = REPO / "gallery"
#: The environment variable that names the examples a build executes, one per line; unset:
#: every example (docs/conf.py turns it into Sphinx-Gallery's ``filename_pattern``).
EXECUTE = "PRIMER_EXECUTE"
EVERY_EXAMPLE = r"\.py$"
#: sphinx-build options whose next argument is their value, not an example name.
SPHINX_VALUE_OPTIONS = {
    "-b", "--builder", "-d", "--doctree-dir", "-c", "--conf-dir", "-j", "--jobs",
    "-D", "--define", "-A", "--html-define", "-t", "--tag", "-w", "--warning-file",
}  # fmt: skip


class UnknownExample(ValueError):
    pass


def examples(gallery: Path = GALLERY) -> list[str]:
    """Every example of the gallery, by name, in build order."""
    return sorted(path.relative_to(gallery).with_suffix("").as_posix()
                  for path in gallery.rglob("*.py"))  # fmt: skip


def take_names(args: list[str]) -> tuple[list[str], list[str]]:
    """Split command-line arguments into example names and sphinx-build arguments: a name is
    a word that is neither an option nor the value of one."""
    names, rest = [], []
    for previous, arg in zip([None, *args], args, strict=False):
        is_name = not arg.startswith("-") and previous not in SPHINX_VALUE_OPTIONS
        (names if is_name else rest).append(arg)
    return names, rest


def select(names: list[str], gallery: Path = GALLERY) -> list[str]:
    """The examples that ``names`` name, each given as a file name (``03_mnist_cnn``), a name
    below the gallery, or a path to the file (``gallery/02-training/03_mnist_cnn.py``)."""
    available = examples(gallery)
    return [find(name, available) for name in names]


def find(name: str, available: list[str]) -> str:
    wanted = "/" + Path(name).as_posix().removesuffix(".py").strip("/")
    matches = [e for e in available if wanted.endswith("/" + e) or ("/" + e).endswith(wanted)]
    if len(matches) == 1:
        return matches[0]
    problem = f"{name!r} names several examples" if matches else f"no example is named {name!r}"
    raise UnknownExample(
        f"{problem}. Name one of the files in gallery/ (its file name is enough):\n  "
        + "\n  ".join(matches or available)
    )


def filename_pattern(environ=os.environ) -> str:
    """Sphinx-Gallery's ``filename_pattern`` for the examples named in ``$PRIMER_EXECUTE``."""
    names = environ.get(EXECUTE)
    if names is None:
        return EVERY_EXAMPLE
    separator = r"[/\\]"
    files = [separator.join(map(re.escape, name.split("/"))) + r"\.py" for name in names.split()]
    return f"{separator}({'|'.join(files)})$" if files else "(?!)"  # (?!): matches nothing


# -- Shards ------------------------------------------------------------------------------------


def parse_shard(text: str) -> tuple[int, int]:
    """``"1/2"`` -> ``(1, 2)``: the first of two shards."""
    match = re.fullmatch(r"(\d+)/(\d+)", text)
    if not match or not 1 <= int(match[1]) <= int(match[2]):
        raise ValueError(f"--shard {text}: write it as K/N, e.g. 1/2 (shard K of N, 1 <= K <= N)")
    return int(match[1]), int(match[2])


def recorded_time(example: str, generated: Path) -> float | None:
    """The example's last execution time in seconds, as Sphinx-Gallery recorded it in the
    generated folder (``docs/examples``); ``None`` where it has no record."""
    try:
        return float(json.loads((generated / f"{example}.cost.json").read_text())["time"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def split(times: dict[str, float | None], shards: int) -> list[list[str]]:
    """Share the jobs out among ``shards`` so that their total times are as equal as the
    greedy rule gets them: longest first, each to the shard with the least time so far.

    A job without a recorded time counts as the median of the recorded ones (as one unit
    when none is recorded: then the shards get equal counts). Each shard lists its jobs in
    name order.
    """
    known = sorted(time for time in times.values() if time is not None)
    typical = known[len(known) // 2] if known else 1.0
    weight = {job: typical if time is None else time for job, time in times.items()}
    loads = [0.0] * shards
    parts: list[list[str]] = [[] for _ in range(shards)]
    for job in sorted(weight, key=lambda job: (-weight[job], job)):
        lightest = loads.index(min(loads))
        parts[lightest].append(job)
        loads[lightest] += weight[job]
    return [sorted(part) for part in parts]


#: The executed MyST pages, one job of the split: they share myst-nb's cache, one shard runs them.
MYST_PAGES = "(the executed MyST pages)"


def notebook_time(cache: Path) -> float | None:
    """The MyST pages' last execution time in seconds, from myst-nb's jupyter-cache in
    ``cache``: the newest record of each page, summed; ``None`` without a cache."""
    if not (cache / "global.db").is_file():
        return None
    from jupyter_cache import get_cache

    newest = {}
    for record in sorted(get_cache(cache).list_cache_records(), key=lambda r: r.created):
        newest[Path(record.uri).name] = float(record.data.get("execution_seconds", 0.0))
    return sum(newest.values()) if newest else None


def shard_jobs(number: int, count: int, docs: Path) -> list[str]:
    """The jobs of shard ``number`` of ``count``: examples, and perhaps :data:`MYST_PAGES`,
    split by the times the last build in ``docs`` recorded (see :func:`split`)."""
    gallery = docs.parent / "gallery"
    times = {example: recorded_time(example, docs / "examples") for example in examples(gallery)}
    times[MYST_PAGES] = notebook_time(docs / "_build" / ".jupyter_cache")
    return split(times, count)[number - 1]


#: An image Sphinx-Gallery drew for an example: sphx_glr_<stem>_001.png, its high-resolution
#: copy sphx_glr_<stem>_001_2_00x.png (``image_srcset``), sphx_glr_<stem>_thumb.png.
GALLERY_IMAGE = re.compile(r"sphx_glr_(?P<stem>.+)_(\d+(_\d+_\d+x)?|thumb)\.\w+")
#: What Sphinx-Gallery writes into each generated folder beside the examples' own files.
GALLERY_PAGES = ("index.rst", "sg_execution_times.rst")


def stem_of(path: Path) -> str | None:
    """The file stem of the example that Sphinx-Gallery generated ``path`` for, if any."""
    if "images" in path.parent.parts[-2:]:
        match = GALLERY_IMAGE.fullmatch(path.name)
        return match["stem"] if match else None
    return None if path.name in GALLERY_PAGES else path.name.split(".")[0]


def generated_files(example: str, generated: Path) -> list[Path]:
    """What Sphinx-Gallery wrote for one example in ``generated`` (``docs/examples``): its
    page, checksum, downloads, recorded time and code objects, and its images."""
    folder, stem = generated / Path(example).parent, Path(example).name
    return sorted(path for path in folder.rglob("*") if path.is_file() and stem_of(path) == stem)


def stale_examples(docs: Path) -> list[str]:
    """The examples that Sphinx-Gallery would execute in the next build of ``docs``: those
    without a checksum, or whose source no longer matches it."""
    from sphinx_gallery.utils import get_md5sum

    gallery, stale = docs.parent / "gallery", []
    for example in examples(gallery):
        checksum = docs / "examples" / f"{example}.py.md5"
        current = get_md5sum(gallery / f"{example}.py", mode="t")
        if not checksum.is_file() or checksum.read_text() != current:
            stale.append(example)
    return stale
