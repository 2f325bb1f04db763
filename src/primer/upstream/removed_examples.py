"""Delete what Sphinx-Gallery generated for examples that are gone.

Sphinx-Gallery writes each example's page, checksum, downloads and images into the
generated folder (``docs/examples``) and never removes them: after an example is renamed,
moved or deleted, Sphinx would go on building the old page (a duplicate label, a page in no
toctree) and the site would keep publishing it. The build removes them before Sphinx runs.

Upstream: no report of exactly this was found; sphinx-gallery#343 ("Clean up generated
files") and #1079 ask for cleaning the generated files in general. ``tests/test_upstream.py``
builds a plain Sphinx-Gallery site, removes its example, builds again and fails the day the
old page is gone by itself; ``tests/test_rebuild.py`` checks what this module removes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from primer.build.examples import stem_of


def outputs_of_removed_examples(docs: Path) -> list[Path]:
    """What Sphinx-Gallery generated in ``docs/examples`` for examples no longer in
    ``gallery/`` (renamed, moved or deleted): whole folders of a removed section, else files."""
    generated, gallery = docs / "examples", docs.parent / "gallery"
    if not (generated.is_dir() and gallery.is_dir()):
        return []
    found = []
    for folder in sorted(path for path in generated.iterdir() if path.is_dir()):
        if folder.name == "images":  # the top gallery's own, e.g. its thumbnails
            continue
        if not (gallery / folder.name).is_dir():
            found.append(folder)
            continue
        current = {path.stem for path in (gallery / folder.name).glob("*.py")}
        found += [
            path
            for path in sorted(folder.rglob("*"))
            if path.is_file() and stem_of(path) not in (None, *current)
        ]
    return found


def remove_outputs_of_removed_examples(docs: Path) -> list[Path]:
    """Delete :func:`outputs_of_removed_examples`; return what was deleted."""
    removed = outputs_of_removed_examples(docs)
    for path in removed:
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    return removed
