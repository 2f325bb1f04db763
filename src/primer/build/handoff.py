"""Two language builds at once: each executes its share, then waits for the other's.

``primer.build.site`` builds the languages in parallel processes, one per language (this
machine has two cores; a build spends much of its time in one). Executing is shared: the
first language's build (the *leader*) executes the gallery's examples, and the second (the
*follower*) executes the MyST pages into myst-nb's cache while the leader is busy with the
examples. Each then waits for the other's share before it reads the pages that need it, so
that nothing runs twice:

* the follower waits for the examples before Sphinx-Gallery looks at them (at
  ``builder-inited``, before Sphinx-Gallery's handler), and then finds every example
  executed and unchanged;
* the leader waits for the MyST pages before Sphinx reads the pages (``env-before-read-docs``),
  and then finds each of them in the cache.

A share that fails still hands off: a MyST page that the follower could not execute is
executed again by the leader, which then stops with myst-nb's own message naming the page
(``primer.build.site`` stops the follower when the leader fails).

The build asks for this with two environment variables: ``PRIMER_HANDOFF`` (a folder where
each side leaves a file when its share is done) and ``PRIMER_HANDOFF_ROLE`` (``leader`` or
``follower``). Without them, as under ``sphinx-build`` or ``sphinx-autobuild``, this extension
does nothing and every build executes what it needs itself.
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

from sphinx.project import Project
from sphinx.util import logging

FOLDER, ROLE = "PRIMER_HANDOFF", "PRIMER_HANDOFF_ROLE"
LEADER, FOLLOWER = "leader", "follower"
EXAMPLES_DONE, NOTEBOOKS_DONE = "examples.done", "notebooks.done"
POLL_S = 0.1

logger = logging.getLogger(__name__)


def handoff_folder(role: str) -> Path | None:
    """The folder of the hand-off when this build plays ``role`` in one, else ``None``."""
    if os.environ.get(ROLE) != role or not os.environ.get(FOLDER):
        return None
    return Path(os.environ[FOLDER])


def done(folder: Path, name: str) -> None:
    (folder / name).write_text("done\n", encoding="utf-8")


def wait_for(folder: Path, name: str, what: str) -> None:
    """Wait until the other build leaves ``name`` in ``folder`` (it is stopped if it fails)."""
    if (folder / name).exists():
        return
    logger.info(f"waiting for the other language's build to finish {what}...")
    started = time.perf_counter()
    while not (folder / name).exists():
        time.sleep(POLL_S)
    logger.info(f"... waited {time.perf_counter() - started:.1f} s for {what}")


# -- The leader: the examples -------------------------------------------------------------------


def examples_executed(app) -> None:
    """After Sphinx-Gallery's handler: the examples are executed and their pages written."""
    if folder := handoff_folder(LEADER):
        done(folder, EXAMPLES_DONE)


def await_notebooks(app, env, docnames) -> None:
    if folder := handoff_folder(LEADER):
        wait_for(folder, NOTEBOOKS_DONE, "executing the MyST pages")


# -- The follower: the MyST pages ---------------------------------------------------------------


def execute_notebooks_then_await_examples(app) -> None:
    """Before Sphinx-Gallery's handler: put every MyST page's execution in myst-nb's cache,
    tell the leader, then wait for its examples."""
    folder = handoff_folder(FOLLOWER)
    if folder is None:
        return
    try:
        execute_notebooks(app)
    finally:
        done(folder, NOTEBOOKS_DONE)
    load_word_splitter(app)
    wait_for(folder, EXAMPLES_DONE, "executing the examples")


def load_word_splitter(app) -> None:
    """Chinese search splits words with jieba, which loads its dictionary (a second or two)
    when it first splits, at the end of the build; load it while waiting instead."""
    if app.config.language.startswith("zh"):
        with contextlib.suppress(ImportError):
            import jieba

            jieba.initialize()


def notebook_configs(app):
    """myst-nb's two configurations as its own ``builder-inited`` handlers will make them
    (this runs before them), computed quietly: they log them when they run."""
    from myst_nb.sphinx_ext import create_mystnb_config
    from myst_parser.sphinx_ext.main import create_myst_config

    with logging.suppress_logging():
        create_myst_config(app)
        create_mystnb_config(app)
    return app.env.myst_config, app.env.mystnb_config


def execute_notebooks(app) -> None:
    """Read each page as myst-nb's parser reads it and open an execution client on it, as
    the parser does: in ``cache`` mode the client executes a page that is not in the cache
    and stores the result, which the leader's and this build's parsers then find.

    A page that fails is left out of the cache: the leader executes it again and stops with
    myst-nb's own message."""
    from myst_nb.core.execute import ExecutionError, create_client
    from myst_nb.core.nb_to_tokens import nb_node_to_dict
    from myst_nb.core.read import create_nb_reader

    md_config, nb_config = notebook_configs(app)
    project = Project(app.srcdir, app.config.source_suffix)
    for docname in sorted(project.discover(exclude_paths=app.config.exclude_patterns)):
        path = project.doc2path(docname, absolute=True)
        text = path.read_text(encoding="utf-8")
        reader = create_nb_reader(str(path), md_config, nb_config, text)
        if reader is None:  # not a notebook
            continue
        notebook = reader.read(text)
        # A page's own settings, as the parser applies them (myst_nb/sphinx_.py).
        overrides = nb_node_to_dict(notebook.metadata.get(nb_config.metadata_key, {}))
        overrides.pop("output_folder", None)
        page_config = nb_config.copy(**overrides)
        try:
            with create_client(notebook, str(path), page_config, logger, reader.read_fmt):
                pass
        except ExecutionError:
            logger.info(f"{docname}: execution failed; the leader executes it again")


def setup(app):
    # Sphinx-Gallery executes at builder-inited with the default priority, 500.
    app.connect("builder-inited", execute_notebooks_then_await_examples, priority=400)
    app.connect("builder-inited", examples_executed, priority=900)
    app.connect("env-before-read-docs", await_notebooks)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
