"""Python programs that a MyST page offers with ``{download}``, in the page's language.

The install page offers the environment doctor (``docs/downloads/primer_doctor.py``), which
the same page also runs as its setup check (showing only the output). ``nox -s gettext``
puts the program's comments and docstring paragraphs in the offering page's catalog, as
``comments`` does for the code a page shows. Sphinx copies the file unchanged into every
language's ``_downloads``; after the build, this rewrites each copy for its language: those
comments and docstrings translated, and a top-level ``LANGUAGE = "en"`` line set to the
build's language, which the program uses to choose its messages. A program
offered in a translated build without such a line stops the build: it would speak English.
"""

from __future__ import annotations

import re
from pathlib import Path

from sphinx import addnodes
from sphinx.builders.gettext import MsgOrigin
from sphinx.errors import ExtensionError
from sphinx.util.i18n import docname_to_domain

from primer.sphinxext.comments import code_prose, page_translator, translate_code_prose

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


def offered_programs(app, doctree, docname: str) -> list[Path]:
    """The Python files that a MyST page offers with ``{download}``."""
    if app.env.doc2path(docname).suffix != ".md":
        return []
    folder = app.env.doc2path(docname).parent
    return [
        (folder / node["reftarget"]).resolve()
        for node in doctree.findall(addnodes.download_reference)
        if node["reftarget"].endswith(".py")
    ]


def extract_program_prose(app, doctree, docname: str) -> None:
    """For ``nox -s gettext``: an offered program's comments and docstrings join the
    offering page's catalog."""
    if app.builder.name != "gettext":
        return
    catalog = app.builder.catalogs[docname_to_domain(docname, app.config.gettext_compact)]
    for program in offered_programs(app, doctree, docname):
        for message in code_prose(program.read_text(encoding="utf-8")):
            catalog.add(message, MsgOrigin(app.env.doc2path(docname), 0))


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
    app.connect("doctree-resolved", extract_program_prose)
    app.connect("build-finished", write_script_downloads)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
