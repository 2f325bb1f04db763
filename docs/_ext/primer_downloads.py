"""Downloads that run anywhere: each example's ``.py``, ``.ipynb`` and ``.zip``, rewritten
without reStructuredText.

Sphinx-Gallery offers each example's source for download, reST and all: a downloaded script
or notebook would show ``:ref:`` roles and ``.. literalinclude::`` directives where the page
shows links and code. This is the one step that turns an example into its downloads. After
the build has written its pages, it rewrites the language's ``_downloads`` copies (never the
shared ``docs/examples`` files, which Sphinx-Gallery's checksums guard) from the blocks of
the example's source:

* text becomes Markdown: headings, inline code, math, links to the page that a ``:ref:`` or
  ``:doc:`` names (in this language, on the hosted site), glossary terms as plain text;
* an included snippet's code becomes a code cell of its own (its recorded output is left
  out: running the cell prints it);
* an exercise's solution (a sphinx-design ``.. dropdown::``) is left out: the download keeps
  the exercise, and the solution stays folded on the page;
* code comments and docstrings are translated as on the page (``primer_comments``);
* an example that reads MNIST gets a note, in the page's language, on getting the files
  when torchvision's mirrors cannot be reached.

A construct it does not know stops the build, naming the file: a download never ships
half-converted reST.
"""

from __future__ import annotations

import re
import textwrap
import zipfile
from dataclasses import dataclass
from pathlib import Path

from primer_comments import page_translator, translate_code_prose
from primer_ui_catalog import keep_in_ui_catalog
from sphinx.errors import ExtensionError
from sphinx.locale import _

#: Shown before the first cell that loads MNIST, in downloads only.
MNIST_NOTE = (
    "The first run downloads MNIST with torchvision. If your machine cannot reach "
    "torchvision's mirrors, the download fails: {link} explains how to get the four files "
    "another way."
)
#: The label of the install page's section on getting MNIST by hand.
MNIST_LABEL = "get-mnist"
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
ROLE = re.compile(r":(?P<role>[a-z]+):`(?P<body>[^`]+)`")
TITLED = re.compile(r"^(?P<title>.*?)\s*<(?P<target>[^<>]+)>$", re.S)
EXTERNAL_LINK = re.compile(r"`(?P<text>[^`<]+?)\s*<(?P<url>[^`>]+)>`__?")
LITERAL = re.compile(r"``(.+?)``")
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
                line = block.content[: leftover.end()].rsplit("\n", 1)[-1]
                raise UnknownMarkup(f"{self.source}: reST left after conversion: {line!r}")
        return [block for block in blocks if block.content.strip()]

    def message(self, rest: str) -> str:
        return self.inline(self.translate(rest))

    def directive(self, name: str, argument: str, body: list[str]) -> Block | list[str]:
        options, content = split_options(body)
        if name == "math":
            return ["$$", *content, "$$"]
        if name == "code-block":
            code = translate_code_prose("\n".join(content), self.translate).split("\n")
            return [f"```{argument}", *code, "```"]
        if name == "literalinclude":
            return self.include(argument, options)
        if name == "dropdown":  # an exercise's solution: on the page only
            return []
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
        text = ROLE.sub(self.role, text)
        text = EXTERNAL_LINK.sub(lambda m: f"[{m['text']}]({m['url']})", text)
        text = LITERAL.sub(lambda m: f"`{m[1]}`", text)
        return text.replace("\\ ", "")

    def role(self, found: re.Match) -> str:
        role, body = found["role"], found["body"]
        titled = TITLED.match(body)
        title, target = (titled["title"], titled["target"]) if titled else (None, body)
        if role == "math":
            return f"${body}$"
        if role == "term":
            return title or target
        if role in CODE_ROLES:
            return f"`{target.rsplit('.', 1)[-1] if target.startswith('~') else target}`"
        if role in ("ref", "doc"):
            found_title, url = self.resolve(role, target)
            return f"[{title or found_title}]({url})"
        raise UnknownMarkup(f"{self.source}: the role :{role}: has no download form")


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
    options = {}
    while body and body[0].startswith(":"):
        name, _, value = body.pop(0)[1:].partition(":")
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
    """The example's blocks: Markdown text and code, config comments removed."""
    from sphinx_gallery.py_source_parser import (
        remove_config_comments,
        split_code_and_text_blocks,
    )

    _, script_blocks = split_code_and_text_blocks(str(script))
    blocks = []
    for kind, content, _ in script_blocks:
        if kind == "text":
            blocks += converter.blocks(content)
        elif remove_config_comments(content).strip():
            blocks.append(Block("code", remove_config_comments(content).strip("\n")))
    return blocks


def add_note_before(blocks: list[Block], marker: str, note) -> list[Block]:
    """Insert a text block ``note()`` before the first code block that contains ``marker``."""
    for index, block in enumerate(blocks):
        if block.kind == "code" and marker in block.content:
            return [*blocks[:index], Block("text", note()), *blocks[index:]]
    return blocks


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
        return add_note_before(blocks, "datasets.MNIST(", self.mnist_note)

    def mnist_note(self) -> str:
        title, link = self.resolve("ref", MNIST_LABEL)
        return _(MNIST_NOTE).format(link=f"[{title}]({link})")

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
    app.connect("builder-inited", lambda app: keep_in_ui_catalog(app, [MNIST_NOTE]))
    app.connect("build-finished", write_downloads)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
