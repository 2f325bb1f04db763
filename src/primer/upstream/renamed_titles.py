"""Rewrite every page when a page's title changes.

Every page shows other pages' titles: the header and sidebar navigation, the previous and
next links, the text of ``{doc}`` references. Sphinx writes again only the pages it reads
again and the pages whose toctree lists them, so after a page is renamed the other pages
would go on showing its old title. Titles change rarely; then every page is written again
(nothing is read or executed again). sphinx-doc/sphinx#5506 (open), "index.rst changes
should force rebuilding every html file", reports it; readthedocs/sphinx_rtd_theme#229
reported the sidebar case and was sent to Sphinx. tests/test_upstream.py rebuilds a plain
Sphinx site after a rename and says when Sphinx does this itself.
"""

from sphinx.util import logging

logger = logging.getLogger(__name__)


def note_titles(app, env, docnames) -> None:
    """Before pages are read again, keep the titles they had."""
    app.primer_titles = {doc: env.titles[doc].astext() for doc in docnames if doc in env.titles}


def every_page_if_a_title_changed(app, env) -> list[str]:
    before = getattr(app, "primer_titles", {})
    now = {doc: env.titles[doc].astext() for doc in before if doc in env.titles}
    renamed = sorted(doc for doc, title in now.items() if title != before[doc])
    if not renamed:
        return []
    logger.info("title changed (%s): every page shows it, writing them all", ", ".join(renamed))
    return sorted(env.found_docs)


def setup(app):
    app.connect("env-before-read-docs", note_titles)
    app.connect("env-get-updated", every_page_if_a_title_changed)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
