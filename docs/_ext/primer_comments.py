"""Code comments in the page's language.

Each comment in a page's Python code (an example's cells, a MyST page's code cells) is a
message of the page's own catalog, like its paragraphs: ``nox -s gettext`` extracts it, and a
translated page shows the code with its comments translated and every other character
unchanged. Tool directives (``# noqa``, ``# fmt: skip``) are code, not prose: they are
neither extracted nor translated. The download conversion (``primer_downloads``) uses the
same functions, so a page and its downloads cannot disagree.
"""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

from docutils import nodes
from sphinx.builders.gettext import MsgOrigin
from sphinx.locale import init as init_locale
from sphinx.transforms import SphinxTransform
from sphinx.util.i18n import docname_to_domain

TOOL_DIRECTIVE = re.compile(r"^(?:noqa\b|fmt:|type:|pragma\b|pyright:|isort:)")
PYTHON = ("python", "py", "python3", "ipython3")


def comment_tokens(code: str) -> list[tokenize.TokenInfo]:
    """The comments of ``code`` that are prose (tool directives left out)."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(code).readline))
    except (tokenize.TokenError, SyntaxError):  # not Python after all: nothing to translate
        return []
    return [
        token
        for token in tokens
        if token.type == tokenize.COMMENT and not TOOL_DIRECTIVE.match(message_of(token))
    ]


def message_of(token: tokenize.TokenInfo) -> str:
    return token.string.lstrip("#").strip()


def comments(code: str) -> list[str]:
    """The prose comments of ``code``, as catalog messages."""
    return [message_of(token) for token in comment_tokens(code)]


def translate_comments(code: str, translate) -> str:
    """``code`` with each prose comment replaced by ``translate(message)``."""
    lines = code.split("\n")
    for token in reversed(comment_tokens(code)):  # right to left keeps the columns valid
        (row, start), (_, end) = token.start, token.end
        line = lines[row - 1]
        lines[row - 1] = f"{line[:start]}# {translate(message_of(token))}{line[end:]}"
    return "\n".join(lines)


def page_translator(app, docname: str):
    """``gettext`` of ``docname``'s own catalog in this build's language."""
    dirs = [str(Path(app.srcdir, folder)) for folder in app.config.locale_dirs]
    domain = docname_to_domain(docname, app.config.gettext_compact)
    language = app.config.language or "en"
    translator, _ = init_locale(dirs, language, domain, f"primer:{docname}")
    return translator.gettext


def python_blocks(doctree) -> list[nodes.literal_block]:
    return [
        node
        for node in doctree.findall(nodes.literal_block)
        if node.get("language", "").lower() in PYTHON
    ]


def extract_comments(app, doctree, docname: str) -> None:
    """For ``nox -s gettext``: each comment of a page's code joins the page's catalog."""
    if app.builder.name != "gettext":
        return
    catalog = app.builder.catalogs[docname_to_domain(docname, app.config.gettext_compact)]
    for block in python_blocks(doctree):
        for message in comments(block.astext()):
            catalog.add(message, MsgOrigin(app.env.doc2path(docname), block.line or 0))


class TranslateComments(SphinxTransform):
    """In a translated build, show each page's code with its comments translated."""

    default_priority = 25  # after the Locale transform (20) translated the prose

    def apply(self, **kwargs) -> None:
        language = self.config.language or "en"
        if language == "en":
            return
        translate = page_translator(self.app, self.env.docname)
        for block in python_blocks(self.document):
            code = block.astext()
            translated = translate_comments(code, translate)
            if translated != code:
                block.replace_self(nodes.literal_block(translated, translated, **block.attributes))


def setup(app):
    app.add_transform(TranslateComments)
    app.connect("doctree-resolved", extract_comments)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
