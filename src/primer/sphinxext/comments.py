"""Code comments and docstrings in the page's language.

Each comment in a page's Python code (an example's cells, a MyST page's code cells) is a
message of the page's own catalog, like its paragraphs, and so is each paragraph of a
docstring: ``nox -s gettext`` extracts them, and a translated page shows the code with its
comments and docstrings translated and every other character unchanged. Tool directives
(``# noqa``, ``# fmt: skip``) are code, not prose: they are neither extracted nor
translated. The download conversion (``downloads``) uses the same functions, so a page
and its downloads cannot disagree.
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
#: A docstring's opening: an optional raw prefix and triple quotes.
DOCSTRING_OPENING = re.compile(r"^[rR]?(\"\"\"|\'\'\')")
#: Tokens that start a statement when they come before it (or nothing does).
STATEMENT_START = (tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT)
#: Tokens that carry no code between a string and the end of its statement.
NO_CODE = (tokenize.NL, tokenize.COMMENT)


def python_tokens(code: str) -> list[tokenize.TokenInfo]:
    try:
        return list(tokenize.generate_tokens(io.StringIO(code).readline))
    except (tokenize.TokenError, SyntaxError):  # not Python after all: nothing to translate
        return []


def comment_tokens(code: str) -> list[tokenize.TokenInfo]:
    """The comments of ``code`` that are prose (tool directives left out)."""
    return [
        token
        for token in python_tokens(code)
        if token.type == tokenize.COMMENT and not TOOL_DIRECTIVE.match(message_of(token))
    ]


def docstring_tokens(code: str) -> list[tokenize.TokenInfo]:
    """The triple-quoted strings of ``code`` that are a statement of their own: docstrings."""
    tokens = [token for token in python_tokens(code) if token.type not in NO_CODE]
    found = []
    for index, token in enumerate(tokens):
        before = tokens[index - 1].type if index else tokenize.NEWLINE
        after = tokens[index + 1].type if index + 1 < len(tokens) else tokenize.ENDMARKER
        if (
            token.type == tokenize.STRING
            and DOCSTRING_OPENING.match(token.string)
            and before in STATEMENT_START
            and after in (tokenize.NEWLINE, tokenize.ENDMARKER)
        ):
            found.append(token)
    return found


def message_of(token: tokenize.TokenInfo) -> str:
    return token.string.lstrip("#").strip()


def docstring_paragraphs(token: tokenize.TokenInfo) -> list[list[str]]:
    """The paragraphs of a docstring, each as its lines (indentation kept), and the blank
    lines between them, each a paragraph of one empty line."""
    opening = DOCSTRING_OPENING.match(token.string).end()
    paragraphs, lines = [], token.string[opening:-3].split("\n")
    for line in lines:
        if line.strip() and paragraphs and paragraphs[-1][-1].strip():
            paragraphs[-1].append(line)
        else:
            paragraphs.append([line])
    return paragraphs


def paragraph_message(lines: list[str]) -> str:
    return " ".join(line.strip() for line in lines)


def docstring_messages(token: tokenize.TokenInfo) -> list[str]:
    return [
        paragraph_message(lines)
        for lines in docstring_paragraphs(token)
        if paragraph_message(lines)
    ]


def translated_docstring(token: tokenize.TokenInfo, translate) -> str:
    """The docstring with each translated paragraph on one line, at its first line's
    indentation (Chinese has no spaces to wrap at); an untranslated one stays as it is."""
    opening = DOCSTRING_OPENING.match(token.string).end()
    lines = []
    for paragraph in docstring_paragraphs(token):
        message = paragraph_message(paragraph)
        translation = translate(message) if message else message
        if translation == message:
            lines += paragraph
        else:
            indent = paragraph[0][: len(paragraph[0]) - len(paragraph[0].lstrip())]
            lines.append(indent + translation)
    return token.string[:opening] + "\n".join(lines) + token.string[-3:]


def code_prose(code: str) -> list[str]:
    """The prose comments and docstring paragraphs of ``code``, as catalog messages."""
    prose = [(token.start, [message_of(token)]) for token in comment_tokens(code)]
    prose += [(token.start, docstring_messages(token)) for token in docstring_tokens(code)]
    return [message for _, messages in sorted(prose) for message in messages]


def translate_code_prose(code: str, translate) -> str:
    """``code`` with each prose comment and docstring paragraph replaced by
    ``translate(message)``."""
    lines = code.split("\n")
    replacements = [
        (token, f"# {translate(message_of(token))}") for token in comment_tokens(code)
    ] + [(token, translated_docstring(token, translate)) for token in docstring_tokens(code)]
    # from the end backwards, so that the positions of the ones before stay valid
    for token, text in sorted(replacements, key=lambda pair: pair[0].start, reverse=True):
        (first, start), (last, end) = token.start, token.end
        before, after = lines[first - 1][:start], lines[last - 1][end:]
        lines[first - 1 : last] = (before + text + after).split("\n")
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


def extract_code_prose(app, doctree, docname: str) -> None:
    """For ``nox -s gettext``: each comment and docstring paragraph of a page's code joins
    the page's catalog."""
    if app.builder.name != "gettext":
        return
    catalog = app.builder.catalogs[docname_to_domain(docname, app.config.gettext_compact)]
    for block in python_blocks(doctree):
        for message in code_prose(block.astext()):
            catalog.add(message, MsgOrigin(app.env.doc2path(docname), block.line or 0))


class TranslateCodeProse(SphinxTransform):
    """In a translated build, show each page's code with its comments and docstrings
    translated."""

    default_priority = 25  # after the Locale transform (20) translated the prose

    def apply(self, **kwargs) -> None:
        language = self.config.language or "en"
        if language == "en":
            return
        translate = page_translator(self.app, self.env.docname)
        for block in python_blocks(self.document):
            code = block.astext()
            translated = translate_code_prose(code, translate)
            if translated != code:
                block.replace_self(nodes.literal_block(translated, translated, **block.attributes))


def setup(app):
    app.add_transform(TranslateCodeProse)
    app.connect("doctree-resolved", extract_code_prose)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
