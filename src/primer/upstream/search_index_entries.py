"""Keep every page's index entries in the search index when a build does not write every
page.

Sphinx writes ``searchindex.js`` from the pages it writes in this build, and loads the words
and titles of the other pages back from the previous ``searchindex.js``, but not their index
entries: after an incremental build, the glossary's terms and the lessons' search queries
(``primer.sphinxext.course``) drop out of the search, and the same site searches differently
after a fresh build and after a rebuild (sphinx-doc/sphinx#12599, open). So this module keeps
a copy of each page's entries beside the doctrees and, before the search index is written,
gives back the entries of the pages this build did not write (they have not changed).
``tests/test_upstream.py`` builds a plain Sphinx site twice and says when Sphinx does this
itself.
"""

from __future__ import annotations

import json
from pathlib import Path

RECORD = "primer-index-entries.json"


def restore_index_entries(app) -> list:
    """On ``html-collect-pages``, which comes after the pages and before the search index."""
    indexer = getattr(app.builder, "indexer", None)
    if indexer is None:
        return []
    record = Path(app.doctreedir) / RECORD
    try:
        kept = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        kept = {}
    entries = indexer._index_entries  # docname -> [(entry, anchor, main)], this build's pages
    for docname, found in kept.items():
        if docname not in entries and docname in app.env.all_docs:
            entries[docname] = [tuple(entry) for entry in found]
    in_order = sorted((name, found) for name, found in entries.items() if name in app.env.all_docs)
    entries.clear()
    entries.update(in_order)  # the same order after every build: the same searchindex.js
    now = {name: [list(entry) for entry in found] for name, found in in_order}
    if now != kept:
        record.write_text(json.dumps(now, ensure_ascii=False), encoding="utf-8")
    return []


def setup(app):
    app.connect("html-collect-pages", restore_index_entries)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
