"""PyTorch Primer's build, data and check code, and its Sphinx extensions.

One package, installed into the build's environment (``nox -s docs`` does it), so that
``docs/conf.py``, the tests and the benchmarks import the same code by its name:

``primer.build``
    Building the site: both languages staged and published (``site``), the examples by name
    and by shard (``examples``), the pinned versions (``requirements``), the offline
    wheelhouse, the API inventories, the drawn thumbnails.
``primer.data``
    MNIST, provisioned and verified (``mnist``).
``primer.i18n``
    Checks of the Chinese catalogs and pages (``zh_check``).
``primer.sphinxext``
    The Sphinx extensions, one concern each; ``docs/conf.py`` loads them all by this name.
``primer.upstream``
    Workarounds of upstream bugs, each named for what it works around (also Sphinx
    extensions, loaded with the others); ``tests/test_upstream.py`` says when each can go.
``primer.check``
    Running the downloads and snippets as readers run them, and the GPU build's report.
"""

from __future__ import annotations

import os
from pathlib import Path


def _checkout() -> Path:
    """The checkout the package works on: the folder above ``src/`` when the package is
    installed editable (or run from the checkout); otherwise ``$PRIMER_REPO``, which nox sets
    for a plain install (``--system-torch``), or else the current folder."""
    source = Path(__file__).resolve().parents[2]
    if (source / "docs" / "conf.py").is_file():
        return source
    return Path(os.environ.get("PRIMER_REPO", Path.cwd())).resolve()


REPO = _checkout()
