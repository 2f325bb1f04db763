"""Old addresses of renamed pages keep working: bookmarks, shared links and "Open in Colab".

A lesson's file name is its address (``examples/02-training/03_mnist_cnn.html``) and the
address of its downloads, which Colab opens from the published branch. Renaming a lesson, or
moving it by renaming its number, would break them; so ``primer_redirects`` in ``conf.py``
maps each old page name to its new one, and the build writes, in every language:

* at the old page's address, a small page that sends the reader on to the new one (its
  ``#section`` kept), with a link for browsers that run no script and a canonical link;
* at the old addresses of an example's downloads (``.py``, ``.ipynb``, ``.zip``), copies of
  the new ones, so that an old Colab link opens the current notebook.

The build stops when an old name is still a page, or a new one is not.
"""

from __future__ import annotations

import hashlib
import html
import posixpath
from pathlib import Path

from sphinx.errors import ExtensionError
from sphinx.locale import _

from primer.sphinxext.ui_catalog import keep_in_ui_catalog

MOVED = "This page has moved to {link}."
PAGE = """<!DOCTYPE html>
<html lang="{language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="canonical" href="{canonical}">
<meta http-equiv="refresh" content="0; url={target}">
<script>location.replace({target_js} + location.hash);</script>
</head>
<body>
<p>{moved}</p>
</body>
</html>
"""
DOWNLOAD_SUFFIXES = (".py", ".ipynb", ".zip")


def download_path(source: str) -> str:
    """Where Sphinx publishes the download of ``source`` (relative to the source folder):
    ``_downloads/<md5 of that path>/<file name>``."""
    digest = hashlib.md5(source.encode(), usedforsecurity=False).hexdigest()
    return f"_downloads/{digest}/{posixpath.basename(source)}"


def check_redirects(app, env) -> None:
    for old, new in app.config.primer_redirects.items():
        if old.endswith(".html") or new.endswith(".html"):
            raise ExtensionError(
                f"primer_redirects in conf.py: write page names without .html ({old!r}: {new!r})"
            )
        if old in env.found_docs:
            raise ExtensionError(
                f"primer_redirects in conf.py sends {old!r} to {new!r}, but {old!r} is a page"
            )
        if new not in env.found_docs:
            raise ExtensionError(
                f"primer_redirects in conf.py sends {old!r} to {new!r}, which is not a page"
            )


def redirect_page(app, old: str, new: str) -> str:
    target = posixpath.relpath(f"{new}.html", posixpath.dirname(old) or ".")
    title = app.env.titles[new].astext()
    link = f'<a href="{html.escape(target)}">{html.escape(title)}</a>'
    language = app.config.language or "en"
    return PAGE.format(
        language=language.replace("_", "-"),
        title=html.escape(title),
        canonical=html.escape(f"{app.config.primer_site_url}{language}/{new}.html"),
        target=html.escape(target),
        target_js=repr(target),
        moved=str(_(MOVED)).format(link=link),
    )


def write_redirects(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    check_redirects(app, app.env)  # again: a build that reads no page skips the first check
    outdir = Path(app.outdir)
    for old, new in app.config.primer_redirects.items():
        write_if_changed(outdir / f"{old}.html", redirect_page(app, old, new).encode())
        for suffix in DOWNLOAD_SUFFIXES:
            current = outdir / download_path(new + suffix)
            if current.is_file():
                write_if_changed(outdir / download_path(old + suffix), current.read_bytes())


def write_if_changed(path: Path, content: bytes) -> None:
    """Write ``content`` unless ``path`` holds it: an unchanged build publishes nothing new."""
    if not path.is_file() or path.read_bytes() != content:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


def setup(app):
    app.add_config_value("primer_redirects", {}, "html", types=[dict])
    app.connect("builder-inited", lambda app: keep_in_ui_catalog(app, [MOVED]))
    app.connect("env-check-consistency", check_redirects)
    app.connect("build-finished", write_redirects)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
