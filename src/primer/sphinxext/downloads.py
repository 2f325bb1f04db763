"""Downloads that run anywhere: each example's ``.py``, ``.ipynb`` and ``.zip``, rewritten
without reStructuredText.

Sphinx-Gallery offers each example's source for download, reST and all: a downloaded script
or notebook would show ``:ref:`` roles and ``.. literalinclude::`` directives where the page
shows links and code. This is the one step that turns an example into its downloads. After
the build has written its pages, it rewrites the language's ``_downloads`` copies (never the
shared ``docs/examples`` files, which Sphinx-Gallery's checksums guard) from the blocks of
the example's source:

* text becomes Markdown: headings, inline code, math, links to the page that a ``:ref:`` or
  ``:doc:`` names (in this language, on the hosted site), glossary terms as plain text,
  strong and emphasised text as CommonMark renders them next to Chinese (``<strong>`` where
  ``**`` would show); the inline markup is read by reST's rules, so that a literal the page
  would not end stops the build instead of giving the download other text than the page;
* an included snippet's code becomes a code cell of its own (its recorded output is left
  out: running the cell prints it);
* an exercise's solution (a sphinx-design ``.. dropdown::``) is left out: the download keeps
  the exercise, and the solution stays folded on the page;
* code comments and docstrings are translated as on the page (``comments``);
* an example that reads MNIST gets, before its first cell that loads it, a note and a short
  cell that downloads the files; when torchvision's mirrors cannot be reached, that cell
  ends with a message in the page's language naming the install page's section on getting
  the files another way (``mnist_check``).

A construct it does not know stops the build, naming the file: a download never ships
half-converted reST.
"""

from __future__ import annotations

import re
import string
import textwrap
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from docutils.utils import punctuation_chars
from sphinx.errors import ExtensionError
from sphinx.locale import _

from primer.build import math_svg
from primer.sphinxext.comments import page_translator, translate_code_prose
from primer.sphinxext.course import (
    HOME,
    LAST,
    NEXT_JOINER,
    NEXT_LABEL,
    course_data,
    lesson_lines,
    next_lesson,
    rest_label,
)
from primer.sphinxext.ui_catalog import keep_in_ui_catalog
from primer.sphinxext.verified import verified_lines

#: Shown before the first cell that loads MNIST, in downloads only.
MNIST_NOTE = (
    "The first run downloads MNIST with torchvision. The next cell does that now; if your "
    "machine cannot reach torchvision's mirrors, it stops with a message that names {link}, "
    "which explains how to get the four files another way."
)
#: The error that cell raises when the download fails; the link follows on its own line.
MNIST_HELP = (
    "MNIST could not be downloaded (the error above says why). If your machine cannot reach "
    "torchvision's mirrors, the install page's section “{title}” explains how to get the "
    "four files another way:"
)
#: The label of the install page's section on getting MNIST by hand.
MNIST_LABEL = "get-mnist"
#: Where the examples keep MNIST: the check downloads it to the same folder.
MNIST_ROOT = 'os.environ.get("PRIMER_DATA", "data")'
#: The check, run before the example's own ``datasets.MNIST(root, download=True)``.
MNIST_CHECK = """import os

from torchvision import datasets

try:
    datasets.MNIST({root}, download=True)
except (RuntimeError, OSError) as error:
    raise RuntimeError(
        {message}
    ) from error"""
#: A file that ``torchrun`` runs again in each worker says which process it is in this
#: variable; only the launching process reads MNIST there, so only it runs the check.
WORKER_FLAG = "IS_WORKER"
#: Columns of each piece of the message in the check's code, so that its lines fit 88 columns.
MESSAGE_WIDTH = 72
#: reST left in a converted text: a role, or a double-backquoted literal.
LEFTOVER = re.compile(r":[a-z]+:`|(?<!`)``(?!`)|^\.\. ", re.M)
CODE_ROLES = ("class", "func", "meth", "attr", "mod", "obj", "data", "exc")


@dataclass
class Block:
    kind: str  # "text" (Markdown) or "code"
    content: str


class UnknownMarkup(ValueError):
    """reST the conversion does not know; the message names it."""


# -- reST to Markdown -----------------------------------------------------------------------

HEADING_LEVELS = {"=": 1, "-": 2, "^": 3, "~": 3}
TITLED = re.compile(r"^(?P<title>.*?)\s*<(?P<target>[^<>]+)>$", re.S)
#: Where reST starts and ends inline markup (docutils' rules): after whitespace or an opening
#: mark, before whitespace, a closing mark or an escaped space. Elsewhere the asterisks stay
#: text on the page, and a literal goes on to the next double backquote that can end it; the
#: conversion reads the text by the same rules, so that a download says what the page says.
STARTS = rf"(?:^|(?<=[\s{punctuation_chars.openers}{punctuation_chars.delimiters}]))"
ENDS = (
    rf"(?=$|\s|[{punctuation_chars.closing_delimiters}{punctuation_chars.delimiters}"
    rf"{punctuation_chars.closers}])"
)
#: One piece of reST inline markup (reST does not nest them), the first found first.
INLINE = re.compile(
    STARTS
    + r"(?::(?P<role>[a-z]+):`(?P<body>[^`]+)`"
    + r"|`(?P<text>[^`<]+?)\s*<(?P<url>[^`>]+)>`__?"
    + r"|``(?P<literal>\S.*?(?<=\S))``"
    + r"|\*\*(?P<strong>\S.*?(?<=\S))\*\*"
    + r"|\*(?P<emphasis>[^\s*].*?(?<=\S))\*)"
    + ENDS
)
DIRECTIVE = re.compile(r"^\.\. (?P<name>[\w-]+)::\s*(?P<argument>.*)$")
LABEL = re.compile(r"^\.\. _[^:]+:$")
ITEM = re.compile(r"^(?:[*-]|\d+\.|#\.) ")


class Converter:
    """Turns the reST of one example's text blocks into Markdown blocks.

    ``resolve(role, target)`` returns ``(title, url)`` for a ``ref`` or ``doc`` target;
    ``translate(message)`` returns a paragraph, list item or title in the page's language,
    given its reST as the translation catalogs hold it (lines joined by spaces).
    """

    def __init__(self, resolve, srcdir: Path, source: str, translate=str):
        self.resolve = resolve
        self.srcdir = srcdir
        self.source = source
        self.translate = translate

    def blocks(self, rest: str) -> list[Block]:
        """Markdown text blocks, with a code block wherever a snippet is included."""
        blocks, text = [], []
        lines = rest.splitlines()
        index = 0
        while index < len(lines):
            line = lines[index]
            found = DIRECTIVE.match(line)
            if LABEL.match(line):
                index += 1
            elif found:
                body, index = indented_body(lines, index + 1)
                converted = self.directive(found["name"], found["argument"].strip(), body)
                if isinstance(converted, Block):
                    blocks += [Block("text", "\n".join(text)), converted]
                    text = []
                else:
                    text += converted
            elif is_underline(lines, index + 1, line):
                level = HEADING_LEVELS[lines[index + 1].strip()[0]]
                text.append(f"{'#' * level} {self.message(line.strip())}")
                index += 2
            elif not line.strip():
                text.append("")
                index += 1
            else:
                bullet, message, index = paragraph(lines, index)
                text.append(bullet + self.message(message))
        blocks.append(Block("text", "\n".join(text)))
        for block in blocks:
            leftover = LEFTOVER.search(block.content) if block.kind == "text" else None
            if leftover:
                start = block.content.rfind("\n", 0, leftover.start()) + 1
                line = block.content[start : leftover.end() + 40].split("\n", 1)[0]
                raise UnknownMarkup(
                    f"{self.source}: reST left after conversion: {line!r} (markup reST does not "
                    "end where a character other than a space or a closing mark follows: "
                    "write '\\ ' between them)"
                )
        return [block for block in blocks if block.content.strip()]

    def message(self, rest: str) -> str:
        return self.inline(self.translate(rest))

    def directive(self, name: str, argument: str, body: list[str]) -> Block | list[str]:
        options, content = split_options(body)
        if name == "math":  # as the page typesets it: an & needs its environment in Jupyter too
            tex = math_svg.display_tex("\n".join(content), "nowrap" in options)
            return ["$$", *tex.split("\n"), "$$"]
        if name == "code-block":
            code = translate_code_prose("\n".join(content), self.translate).split("\n")
            return [f"```{argument}", *code, "```"]
        if name == "literalinclude":
            return self.include(argument, options)
        if name in ("dropdown", "digit-demo"):  # an exercise's solution, the demo: page only
            return []
        if name == "lesson":  # its reading time, level and verification; the other fields
            lines = [*lesson_lines(options), *verified_lines(self.srcdir, self.source)]
            return [self.inline(line) + "\n" for line in lines]  # list the course
        raise UnknownMarkup(f"{self.source}: the directive '.. {name}::' has no download form")

    def include(self, argument: str, options: dict[str, str]) -> Block | list[str]:
        """A snippet's code as a code cell; its recorded output (``.out``) is left out."""
        path = self.srcdir / argument.lstrip("/") if argument.startswith("/") else None
        if path is None or not path.is_file():
            raise UnknownMarkup(f"{self.source}: cannot include {argument!r} in the download")
        if path.suffix == ".out":
            return []
        lines = path.read_text(encoding="utf-8").splitlines()
        first, _, last = options.get("lines", "1-").partition("-")
        lines = lines[int(first) - 1 : int(last) if last else None]
        return Block("code", "\n".join(lines).strip("\n"))

    def inline(self, text: str) -> str:
        text = INLINE.sub(self.markup, text).replace("\\ ", "")
        return commonmark_emphasis(text)

    def markup(self, found: re.Match) -> str:
        if found["role"]:
            return self.role(found["role"], found["body"])
        if found["url"]:
            return f"[{found['text']}]({found['url']})"
        if found["literal"]:
            return self.code(found["literal"])
        if found["strong"]:
            return f"{STRONG[0]}{found['strong']}{STRONG[1]}"
        return f"{EMPHASIS[0]}{found['emphasis']}{EMPHASIS[1]}"

    def code(self, literal: str) -> str:
        """A code span; a literal holding a backtick is one that reST did not end where its
        author meant to (``x``（…: a full-width bracket cannot follow an end-string)."""
        if "`" in literal:
            raise UnknownMarkup(
                f"{self.source}: reST does not end the literal at ``{literal}``: write '\\ ' "
                "after the closing `` when a character other than a space or a closing mark "
                "follows it"
            )
        return f"`{literal}`"

    def role(self, role: str, body: str) -> str:
        titled = TITLED.match(body)
        title, target = (titled["title"], titled["target"]) if titled else (None, body)
        if role == "math":
            return f"${body}$"
        if role == "term":
            return title or target
        if role in CODE_ROLES:
            return self.code(target.rsplit(".", 1)[-1] if target.startswith("~") else target)
        if role in ("ref", "doc"):
            found_title, url = self.resolve(role, target)
            return f"[{title or found_title}]({url})"
        raise UnknownMarkup(f"{self.source}: the role :{role}: has no download form")


# -- Strong and emphasis that CommonMark renders ---------------------------------------------

#: Where the conversion marks strong and emphasised text until the text around it is final.
STRONG, EMPHASIS = "\ue000\ue001", "\ue002\ue003"
MARKED = re.compile("(?P<open>[\ue000\ue002])(?P<body>[^\ue000-\ue003]*)[\ue001\ue003]")


def commonmark_emphasis(text: str) -> str:
    """Strong and emphasised text as ``**``/``*`` where CommonMark (Jupyter, Colab, GitHub)
    takes those for emphasis, else as ``<strong>``/``<em>``.

    CommonMark lets ``**`` open only before a word or after a space or punctuation, and
    close only after a word or before a space or punctuation. Chinese has no spaces, so
    ``**你将学到：**创建`` shows its asterisks: the closing ``**`` sits between a full-width
    colon and a character. Inline HTML has no such rule and renders anywhere, so it is used
    exactly where the delimiters would not work; English keeps its plain Markdown.
    """

    def write(found: re.Match) -> str:
        tag, delimiter = ("strong", "**") if found["open"] == STRONG[0] else ("em", "*")
        body = found["body"]
        before = text[found.start() - 1] if found.start() else " "
        after = text[found.end()] if found.end() < len(text) else " "
        works = delimiter_works(before, body[0]) and delimiter_works(after, body[-1])
        if works and not is_mark(before) and not is_mark(after):  # runs would merge: ***
            return f"{delimiter}{body}{delimiter}"
        return f"<{tag}>{body}</{tag}>"

    return MARKED.sub(write, text)


def delimiter_works(outside: str, inside: str) -> bool:
    """Whether a ``*`` run between ``outside`` and the emphasised text's first or last
    character ``inside`` opens or closes it, under every version of CommonMark's
    punctuation (0.31 counts symbols, earlier versions do not): the inside must not be a
    space, and if it may be punctuation, the outside must be a space or punctuation."""
    if inside.isspace():
        return False
    return not maybe_punctuation(inside) or outside.isspace() or surely_punctuation(outside)


def maybe_punctuation(char: str) -> bool:
    return unicodedata.category(char)[0] in "PS" or char in string.punctuation


def surely_punctuation(char: str) -> bool:
    return unicodedata.category(char)[0] == "P" or char in string.punctuation


def is_mark(char: str) -> bool:
    """A neighbour that is strong or emphasised text's own mark."""
    return "\ue000" <= char <= "\ue003"


def paragraph(lines: list[str], index: int) -> tuple[str, str, int]:
    """The paragraph or list item starting at ``index``: its bullet, its text with the lines
    joined by spaces (as the catalogs hold it), and the index after it."""
    bullet = ITEM.match(lines[index])
    bullet = bullet[0] if bullet else ""
    words = [lines[index][len(bullet) :].strip()]
    index += 1
    while index < len(lines) and lines[index].strip():
        line = lines[index]
        if ITEM.match(line) or DIRECTIVE.match(line) or is_underline(lines, index + 1, line):
            break
        words.append(line.strip())
        index += 1
    return bullet, " ".join(words), index


def indented_body(lines: list[str], index: int) -> tuple[list[str], int]:
    """The indented lines (and blank lines inside them) from ``index``; the next index."""
    body = []
    while index < len(lines) and (not lines[index].strip() or lines[index].startswith(" ")):
        body.append(lines[index])
        index += 1
    while body and not body[-1].strip():
        body.pop()
        index -= 1
    return textwrap.dedent("\n".join(body)).splitlines(), index


def split_options(body: list[str]) -> tuple[dict[str, str], list[str]]:
    """A directive's options (a value may go on over indented lines) and its content."""
    options = {}
    while body and body[0].startswith(":"):
        name, _, value = body.pop(0)[1:].partition(":")
        while body and body[0][:1].isspace() and body[0].strip():
            value += " " + body.pop(0).strip()
        options[name] = value.strip()
    while body and not body[0].strip():
        body.pop(0)
    return options, body


def is_underline(lines: list[str], index: int, title: str) -> bool:
    if index >= len(lines) or not title.strip():
        return False
    mark = lines[index].strip()
    return len(mark) >= len(title.strip()) and len(set(mark)) == 1 and mark[0] in HEADING_LEVELS


# -- Writing the downloads -------------------------------------------------------------------


def example_blocks(script: Path, converter: Converter) -> list[Block]:
    """The example's blocks: Markdown text and code, without config comments and the hidden
    code of ignore blocks (``# sphinx_gallery_start_ignore``), which only the build runs."""
    from sphinx_gallery.py_source_parser import (
        remove_config_comments,
        remove_ignore_blocks,
        split_code_and_text_blocks,
    )

    _, script_blocks = split_code_and_text_blocks(str(script))
    blocks = []
    for kind, content, _ in script_blocks:
        code = remove_config_comments(remove_ignore_blocks(content))
        if kind == "text":
            blocks += converter.blocks(content)
        elif code.strip():
            blocks.append(Block("code", code.strip("\n")))
    return blocks


def add_before(blocks: list[Block], marker: str, added) -> list[Block]:
    """Insert the blocks ``added()`` before the first code block that contains ``marker``,
    and before the text that introduces it, which stays next to its code."""
    for index, block in enumerate(blocks):
        if block.kind == "code" and marker in block.content:
            if index and blocks[index - 1].kind == "text":
                index -= 1
            return [*blocks[:index], *added(), *blocks[index:]]
    return blocks


def rest_link(text: str, url: str, before: str, after: str) -> str:
    """A reST link to go between ``before`` and ``after``, with the escaped spaces that reST
    needs where a letter touches it (Chinese has no spaces)."""
    opens = "" if not before or before[-1].isspace() or before.endswith("\\ ") else "\\ "
    closes = "" if not after or after[0].isspace() or after[0] in ",.;:" else "\\ "
    return f"{opens}`{text} <{url}>`__{closes}"


def python_string(text: str) -> str:
    """``text`` as a double-quoted Python string literal."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def columns(text: str) -> int:
    """How wide ``text`` shows in a monospaced font: a Chinese character takes two columns."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def string_pieces(text: str, width: int) -> list[str]:
    """``text`` cut into pieces at most ``width`` columns wide, at spaces where it has them
    (Chinese has none: between any two characters); joined, the pieces give ``text`` back."""
    pieces, piece = [], ""
    for word in re.findall(r"\S+\s*|\s+", text):
        for part in word if columns(word) > width else [word]:
            if piece and columns(piece + part) > width:
                pieces.append(piece)
                piece = ""
            piece += part
    return [*pieces, piece] if piece else pieces


def mnist_check(message: str, url: str, in_launcher_only: bool) -> str:
    """The code that downloads MNIST and, if that fails, raises ``message``, then ``url`` on a
    line of its own.

    In a file that ``torchrun`` runs again in each worker, the check runs in the launching
    process only (``if not IS_WORKER:``), so that the workers import no more than before.
    """
    pieces = [*string_pieces(message + "\n", MESSAGE_WIDTH), url]
    literals = "\n        ".join(python_string(piece) for piece in pieces)
    code = MNIST_CHECK.format(root=MNIST_ROOT, message=literals)
    if not in_launcher_only:
        return code
    return f"if not {WORKER_FLAG}:\n" + textwrap.indent(code, "    ")


TEXT_WIDTH = 86  # with "# " in front, a comment line fits the 88 columns of the code


def wrapped(markdown: str) -> str:
    """Markdown with its long prose lines wrapped; fenced code and math stay as they are, and
    a Chinese paragraph, which has no spaces to wrap at, stays one line."""
    lines, verbatim = [], False
    for line in markdown.split("\n"):
        fence = line.startswith(("```", "$$"))
        verbatim = verbatim != fence
        if fence or verbatim or len(line) <= TEXT_WIDTH:
            lines.append(line)
            continue
        bullet = ITEM.match(line)
        indent = " " * len(bullet[0]) if bullet else ""
        lines += textwrap.wrap(line, TEXT_WIDTH, subsequent_indent=indent,
                               break_long_words=False, break_on_hyphens=False)  # fmt: skip
    return "\n".join(lines)


def as_comment(markdown: str) -> str:
    return "\n".join(f"# {line}".rstrip() for line in wrapped(markdown).split("\n"))


def as_script(blocks: list[Block]) -> str:
    """A percent-format script: the first text as the docstring, then ``# %%`` cells."""
    title, *rest = blocks
    parts = [f'"""\n{wrapped(title.content.strip())}\n"""\n']
    previous = title
    for block in rest:
        if block.kind == "text":
            parts.append(f"\n# %%\n{as_comment(block.content.strip())}\n")
        else:
            parts.append(("" if previous.kind == "text" else "\n# %%\n") + block.content + "\n")
        previous = block
    return "".join(parts)


def as_notebook(blocks: list[Block], path: Path) -> None:
    from sphinx_gallery.notebook import (
        add_code_cell,
        add_markdown_cell,
        jupyter_notebook_skeleton,
        save_notebook,
    )

    notebook = jupyter_notebook_skeleton()
    for block in blocks:
        add = add_markdown_cell if block.kind == "text" else add_code_cell
        add(notebook, block.content.strip("\n"))
    save_notebook(notebook, path)


def rewrite_zip(path: Path, replacements: dict[str, bytes]) -> None:
    """Rewrite the zip at ``path`` with the converted files, by their name in the zip.

    Each member keeps its time stamp, so that the same files make the same zip on every build
    (and a rebuild with nothing changed publishes nothing new).
    """
    with zipfile.ZipFile(path) as archive:
        members = [(member, archive.read(member)) for member in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in members:
            stamped = zipfile.ZipInfo(member.filename, date_time=member.date_time)
            stamped.external_attr = member.external_attr
            archive.writestr(stamped, replacements.get(member.filename, data), zipfile.ZIP_DEFLATED)


class Downloads:
    """The converted downloads of one language's build."""

    def __init__(self, app):
        self.app = app
        self.env = app.env
        self.language = app.config.language or "en"
        self.srcdir = Path(app.srcdir)
        self.gallery = (self.srcdir / app.config.sphinx_gallery_conf["examples_dirs"]).resolve()
        self.examples = app.config.sphinx_gallery_conf["gallery_dirs"]

    def url(self, docname: str, anchor: str = "") -> str:
        page = f"{self.app.config.primer_site_url}{self.language}/{docname}.html"
        return f"{page}#{anchor}" if anchor else page

    def resolve(self, role: str, target: str) -> tuple[str, str]:
        std = self.env.domains.standard_domain
        if role == "ref" and target in std.labels:
            docname, anchor, title = std.labels[target]
            return title, self.url(docname, anchor)
        docname = target.lstrip("/")
        if role == "doc" and docname in self.env.titles:
            return self.env.titles[docname].astext(), self.url(docname)
        raise UnknownMarkup(f"the {role} target {target!r} does not exist")

    def downloads(self) -> dict[str, Path]:
        """Each download's source (relative to the source folder) and its published copy."""
        outdir = Path(self.app.outdir) / "_downloads"
        return {
            Path(source).as_posix(): outdir / dest for source, (_, dest) in self.env.dlfiles.items()
        }

    def convert(self, script: Path) -> list[Block]:
        relative = script.relative_to(self.gallery.parent).as_posix()
        docname = f"{self.examples}/{script.parent.name}/{script.stem}"
        translate = page_translator(self.app, docname)
        blocks = example_blocks(script, Converter(self.resolve, self.srcdir, relative, translate))
        blocks = [
            Block("code", translate_code_prose(block.content, translate)) if block.kind == "code"
            else block
            for block in blocks
        ]  # fmt: skip
        blocks = self.with_mnist_check(blocks, relative)
        return [
            *blocks,
            Block("text", self.next_line(docname, Converter(self.resolve, self.srcdir, relative))),
        ]

    def next_line(self, docname: str, converter: Converter) -> str:
        """The lesson's closing Next line, as on its page; no line for a page off the course."""
        following, home = next_lesson(self.env, docname)
        if following is None and home is None:
            return ""
        start = rest_label(NEXT_LABEL)
        if following is None:
            before, _marker, after = str(_(LAST)).partition("{home}")
            link = rest_link(str(_(HOME)), self.url(home), before, after)
            return converter.inline(f"{start}{before}{link}{after}")
        reason = page_translator(self.app, following)(
            course_data(self.env)["lessons"][following]["english"]["reason"]
        )
        title = self.env.titles[following].astext()
        link = rest_link(title, self.url(following), start, str(_(NEXT_JOINER)))
        return converter.inline(f"{start}{link}{_(NEXT_JOINER)}{reason}")

    def with_mnist_check(self, blocks: list[Block], source: str) -> list[Block]:
        """``blocks`` with the MNIST note and check before the first cell that loads MNIST."""
        code = "\n".join(block.content for block in blocks if block.kind == "code")
        if "datasets.MNIST(" not in code:
            return blocks
        if MNIST_ROOT not in code:
            raise UnknownMarkup(
                f"{source} loads MNIST, but not from {MNIST_ROOT}, where the download's "
                "check puts it: load it from there, or teach primer.sphinxext.downloads the new "
                "folder"
            )
        in_launcher_only = re.search(rf"^{WORKER_FLAG} = ", code, re.M) is not None
        return add_before(blocks, "datasets.MNIST(", lambda: self.mnist_blocks(in_launcher_only))

    def mnist_blocks(self, in_launcher_only: bool) -> list[Block]:
        """The note and the check that go before an example's first cell that loads MNIST."""
        title, link = self.resolve("ref", MNIST_LABEL)
        note = _(MNIST_NOTE).format(link=f"[{title}]({link})")
        message = _(MNIST_HELP).format(title=title)
        return [Block("text", note), Block("code", mnist_check(message, link, in_launcher_only))]

    def write(self) -> None:
        published = self.downloads()
        scripts, notebooks = {}, {}
        for script in sorted(self.gallery.glob("*/*.py")):
            page = f"{self.examples}/{script.parent.name}/{script.stem}"
            try:
                blocks = self.convert(script)
            except UnknownMarkup as error:
                raise ExtensionError(f"{error} (converting the download of {script})") from None
            scripts[f"{page}.py"] = as_script(blocks).encode()
            as_notebook(blocks, published[f"{page}.ipynb"])
            notebooks[f"{page}.ipynb"] = published[f"{page}.ipynb"].read_bytes()
            published[f"{page}.py"].write_bytes(scripts[f"{page}.py"])
            in_zip = {f"{script.stem}.py": scripts[f"{page}.py"]}
            in_zip[f"{script.stem}.ipynb"] = notebooks[f"{page}.ipynb"]
            rewrite_zip(published[f"{page}.zip"], in_zip)
        for name, converted in (("python", scripts), ("jupyter", notebooks)):
            in_zip = {source.split("/", 1)[1]: data for source, data in converted.items()}
            rewrite_zip(published[f"{self.examples}/{self.examples}_{name}.zip"], in_zip)


def write_downloads(app, exception) -> None:
    if exception is None and app.builder.format == "html":
        Downloads(app).write()


def setup(app):
    app.connect("builder-inited", lambda app: keep_in_ui_catalog(app, [MNIST_NOTE, MNIST_HELP]))
    app.connect("build-finished", write_downloads)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
