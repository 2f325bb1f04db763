"""Python programs that a MyST page offers with ``{download}``, in the page's language.

The install page offers the environment doctor (``docs/downloads/primer_doctor.py``), which
the same page also runs as its setup check. Sphinx copies such a file unchanged into every
language's ``_downloads``; after the build, this rewrites each copy for its language: the
comments and docstrings translated from the offering page's catalog (``comments``, so the
download and the page's code cell cannot disagree), and a top-level ``LANGUAGE = "en"``
line set to the build's language, which the program uses to choose its messages. A program
offered in a translated build without such a line stops the build: it would speak English.
"""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.errors import ExtensionError

from primer.sphinxext.comments import page_translator, translate_code_prose

#: The line that chooses a program's messages.
LANGUAGE_LINE = re.compile(r'^LANGUAGE = "[A-Za-z_]+"$', re.MULTILINE)


def in_language(code: str, language: str, translate, name: str) -> str:
    """``code`` with its prose translated and its ``LANGUAGE`` line set to ``language``."""
    if language != "en" and not LANGUAGE_LINE.search(code):
        raise ExtensionError(
            f'{name} is offered for download but has no line LANGUAGE = "en" to set to '
            f"{language}: add one and choose the program's messages with it"
        )
    translated = translate_code_prose(code, translate) if language != "en" else code
    return LANGUAGE_LINE.sub(f'LANGUAGE = "{language}"', translated, count=1)


def write_script_downloads(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    language = app.config.language or "en"
    for source, (docnames, destination) in app.env.dlfiles.items():
        pages = sorted(name for name in docnames if app.env.doc2path(name).suffix == ".md")
        if Path(source).suffix != ".py" or not pages:
            continue
        target = Path(app.outdir, "_downloads", destination)
        code = Path(app.srcdir, source).read_text(encoding="utf-8")
        rewritten = in_language(code, language, page_translator(app, pages[0]), source)
        target.write_text(rewritten, encoding="utf-8")


def setup(app):
    app.connect("build-finished", write_script_downloads)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
