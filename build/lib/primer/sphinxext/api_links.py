"""Write the examples again when a vendored API inventory changes.

The names in the examples' code link to the PyTorch references through the inventories in
docs/inventories (``nox -s inventory``); Sphinx-Gallery adds the links when a page is written.
Sphinx writes again only the pages it reads again, and an inventory is no page's source, so
after ``nox -s inventory`` the examples would keep their old links. When the inventories'
content changes, every example is written again (nothing is read or executed again).
"""

import hashlib
from pathlib import Path

from sphinx.util import logging

logger = logging.getLogger(__name__)
EXAMPLES = "examples/"


def inventories_digest(srcdir: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(Path(srcdir, "inventories").glob("*.inv")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def examples_if_an_inventory_changed(app, env) -> list[str]:
    now = inventories_digest(app.srcdir)
    before = getattr(env, "primer_inventories", None)
    env.primer_inventories = now
    if before in (None, now):
        return []
    logger.info("API inventories changed: writing the examples' code links again")
    return sorted(doc for doc in env.found_docs if doc.startswith(EXAMPLES))


def setup(app):
    app.connect("env-get-updated", examples_if_an_inventory_changed)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
