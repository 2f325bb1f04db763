"""What readers' tools show: every downloaded notebook's Markdown cells, and the Markdown that
the downloaded scripts carry in their docstring and comments, rendered as Jupyter and Colab
render them (CommonMark, math taken out first), and every built page, in both languages.

Rendered text outside code must show no markup: no ``**`` or ``*`` of an emphasis that did not
take (CommonMark's delimiter rules reject a ``**`` between full-width punctuation and a Chinese
character), no backtick of a code span that did not close, no reST role (``:ref:``); and no
inline code may hold Chinese text or a backtick (a code span that swallowed the sentence after
it: reST does not end ``literal`` before ``（``). The first tests show that each check fails on
a broken input.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, NavigableString
from helpers.pages import main_content
from helpers.project import DOCS
from helpers.report import STATS
from markdown_it import MarkdownIt

from primer.build.site import LANGUAGES
from primer.i18n.zh_check import CJK
from primer.sphinxext.downloads import Converter, as_script

#: Where text is code, math or program output: its characters are not markup.
VERBATIM = (
    "pre, code, kbd, samp, script, style, .math, .highlight, .sphx-glr-script-out, .cell_output"
)
#: Markup that a renderer left as text: (kind, pattern).
LEFT_AS_TEXT = (
    ("**", re.compile(r"\*\*")),
    ("*", re.compile(r"(?<!\*)\*(?!\*)")),
    ("backtick", re.compile(r"`")),
    ("reST role", re.compile(r"(?<![\w/]):[a-z]+:(?=`|$)")),  # code (`x`) or a link may follow
)
#: A code span or math in Markdown, first found first: math is taken out of the text, as
#: JupyterLab (``removeMath``) and Colab do before they parse Markdown, but not from code.
CODE_OR_MATH = re.compile(r"(?P<code>(`+).+?(?<!`)\2(?!`))|\$\$.+?\$\$|\$[^$\n]+?\$", re.S)
COMMONMARK = MarkdownIt("commonmark")


def markdown_html(markdown: str) -> BeautifulSoup:
    """``markdown`` as Jupyter renders it: math set aside, the rest CommonMark."""
    kept = CODE_OR_MATH.sub(lambda m: m[0] if m["code"] else "@@math@@", markdown)
    return BeautifulSoup(COMMONMARK.render(kept), "html.parser")


def excerpt(text: str, start: int, end: int, width: int = 40) -> str:
    return " ".join(text[max(0, start - width) : end + width].split())


def outside_code(tree):
    """Every piece of text in ``tree`` that is not code, math or program output."""
    verbatim = {id(element) for element in tree.select(VERBATIM)}
    for text in tree.find_all(string=True):
        if type(text) is NavigableString and not any(  # not a comment or a doctype
            id(parent) in verbatim for parent in text.parents
        ):
            yield text


def place(where: str, element) -> str:
    """``where``, and on a page the section that holds ``element``."""
    section = element.find_parent("section", id=True)
    return f"{where} #{section['id']}" if section else where


def markup_problems(tree, where: str) -> list[tuple[str, str]]:
    """``(kind, message)`` for each kind of markup that a piece of ``tree``'s text shows, and
    for each inline code that holds Chinese or a backtick; the message names ``where`` (and
    the section of a page) and quotes the text."""
    problems = []
    for text in outside_code(tree):
        for kind, pattern in LEFT_AS_TEXT:
            found = pattern.search(text)
            if found:
                quoted = excerpt(text, found.start(), found.end())
                problems.append((kind, f"{place(where, text)}: {kind} left as text: {quoted!r}"))
    for code in tree.find_all("code"):
        if code.find_parent("pre") or "download" in code.get("class", []):
            continue  # a block of code, or a download link's label (Sphinx sets it as code)
        content = code.get_text()
        if CJK.search(content) or "`" in content:
            kind = "inline code holds text"
            problems.append((kind, f"{place(where, code)}: {kind}: {content[:120]!r}"))
    return problems


def problems_in_markdown(markdown: str, where: str) -> list[str]:
    return [message for _, message in markup_problems(markdown_html(markdown), where)]


def report(problems: list[tuple[str, str]], language: str, what: str) -> list[str]:
    """The messages of ``problems``; their count by kind goes to the run's summary."""
    for kind, _ in problems:
        STATS[f"rendering problems in {what} ({language}): {kind}"] += 1
    return [message for _, message in problems]


# -- The checks fail on broken input ---------------------------------------------------------


@pytest.mark.parametrize(
    ("markdown", "kind"),
    [
        ("**你将学到：**创建张量。", "**"),  # the closing ** is not right-flanking
        ("这是*强调：*文字。", "*"),
        ("见 `x 的说明。", "backtick"),
        ("见 :ref:`gallery_tensors`。", "reST role"),
        ("`weights_only=True（PyTorch 2.6 起` 默认", "inline code holds text"),
        ("``a`b``", "inline code holds text"),
    ],
)
def test_the_markdown_check_catches_markup_left_as_text(markdown, kind):
    problems = problems_in_markdown(markdown, "demo.ipynb cell 1")
    assert problems and all(p.startswith("demo.ipynb cell 1: ") for p in problems), problems
    assert any(kind in p for p in problems), problems


@pytest.mark.parametrize(
    "markdown",
    [
        "**What you will learn:** tensors.",
        "<strong>你将学到：</strong>创建张量。",
        "用 `torch.load(..., weights_only=True)`（PyTorch 2.6 起）读取。",
        "均方误差 $\\frac{1}{n}\\sum_i (y_i - \\hat y_i)^2$ 和 $a * b * c$。",
        "```python\nx = `1` ** 2  # 代码\n```",
    ],
)
def test_the_markdown_check_accepts_what_renders(markdown):
    assert problems_in_markdown(markdown, "demo.ipynb") == []


def test_the_page_check_catches_a_swallowed_sentence():
    page = BeautifulSoup(
        '<main><section id="why"><p>用 <code class="docutils literal"><span class="pre">'
        "weights_only=True``（PyTorch</span></code>。"
        "<strong>好</strong> 和 :ref:<code>x</code></p>"
        '<pre>**x**</pre><span class="math">\\(a*b\\)</span></section></main>',
        "html.parser",
    )
    problems = markup_problems(page, "zh_CN/demo.html")
    assert [kind for kind, _ in problems] == ["reST role", "inline code holds text"], problems
    assert all(message.startswith("zh_CN/demo.html #why: ") for _, message in problems)


# -- The converter writes Markdown that renders -----------------------------------------------


def resolve(role, target):
    return f"标题 {target}", f"https://site/zh_CN/{target}.html"


CATALOG = {
    "**What you will learn:** making tensors.": "**你将学到：**\\ 创建张量。",
    "**You need:** :doc:`install`.": "**你需要：**\\ :doc:`install`。",
    "Use ``weights_only=True`` (the default since 2.6).": (
        "使用 ``weights_only=True``\\ （PyTorch 2.6 起为默认）。"
    ),
    "*Within* a mode, not *across*.": "在模式\\ *之内*\\ ，不是\\ *跨*\\ 模式。",
    "The shape is ``(N, C, H, W)``.": "形状是\\ ``(N, C, H, W)``\\ 。",
    "``*`` multiplies, ``@`` is the product.": "``*`` 逐元素相乘，``@`` 是矩阵乘积。",
}
SAMPLE = "\n\n".join(CATALOG)


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_converted_strong_emphasis_and_literals_render_next_to_chinese(language):
    translate = CATALOG.get if language == "zh_CN" else str
    converter = Converter(resolve, DOCS, "gallery/demo.py", translate)
    (block,) = converter.blocks(SAMPLE)
    rendered = markdown_html(block.content)
    assert problems_in_markdown(block.content, "demo") == []
    strong = [s.get_text() for s in rendered.find_all("strong")]
    assert strong == (["你将学到：", "你需要："] if language == "zh_CN"
                      else ["What you will learn:", "You need:"])  # fmt: skip
    assert [e.get_text() for e in rendered.find_all("em")] == (
        ["之内", "跨"] if language == "zh_CN" else ["Within", "across"]
    )
    code = [c.get_text() for c in rendered.find_all("code")]
    assert code == ["weights_only=True", "(N, C, H, W)", "*", "@"]
    # and the script's comments, wrapped, render the same
    script_markdown = script_blocks(as_script([block, block]))[1]
    assert str(markdown_html(script_markdown)) == str(rendered)


def test_english_keeps_plain_markdown_emphasis():
    converter = Converter(resolve, DOCS, "gallery/demo.py")
    (block,) = converter.blocks(SAMPLE)
    assert block.content.startswith("**What you will learn:** making tensors.")
    assert "*Within*" in block.content and "<" not in block.content


@pytest.mark.parametrize(
    ("translation", "named"),
    [
        ("用 ``x``（总是），``y`` 也是。", "does not end the literal at ``x``（总是），``y``"),
        ("用 ``x``（总是）。", "reST left after conversion: '用 ``x``（总是）。'"),
        ("见 :ref:`gallery_x`（上一页）。", "reST left after conversion: '见 :ref:`"),
    ],
    ids=["literal that swallows text", "literal never ended", "role never ended"],
)
def test_markup_that_rest_does_not_end_stops_the_conversion(translation, named):
    """The page would show these as text, or swallow the sentence into code: the build stops,
    naming the file and the text, rather than writing a download that differs from it."""
    converter = Converter(resolve, DOCS, "gallery/demo.py", {"Use it.": translation}.get)
    with pytest.raises(ValueError, match="gallery/demo.py: ") as caught:
        converter.blocks("Use it.")
    assert named in str(caught.value)
    assert "'\\ '" in str(caught.value)


# -- Every download and every page -------------------------------------------------------------


def script_blocks(source: str) -> list[str]:
    """The Markdown of a downloaded script: its docstring, then each comment block that opens a
    ``# %%`` cell (as ``primer.sphinxext.downloads.as_script`` writes a text block), uncommented."""
    blocks = [ast.get_docstring(ast.parse(source), clean=False) or ""]
    for cell in source.split("\n# %%\n")[1:]:
        lines = []
        for line in cell.split("\n"):
            if not line.startswith("#"):
                break
            lines.append(line[2:] if line.startswith("# ") else line[1:])
        blocks.append("\n".join(lines))
    return blocks


def words(text: str) -> str:
    return " ".join(text.split())


def notebook_markdown(path: Path) -> list[tuple[str, str]]:
    """``(where, Markdown)`` for each Markdown cell of a notebook."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return [
        (f"cell {number}", "".join(cell["source"]))
        for number, cell in enumerate(cells, 1)
        if cell["cell_type"] == "markdown"
    ]


def script_markdown(path: Path, cells: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """``(where, Markdown)`` for the docstring and each text block of a script, given its
    notebook's Markdown cells: a comment block that is no notebook cell is a code comment."""
    notebook = {words(text) for _, text in cells}
    blocks = script_blocks(path.read_text(encoding="utf-8"))
    return [
        ("docstring" if number == 0 else f"text block {number}", text)
        for number, text in enumerate(blocks)
        if number == 0 or words(text) in notebook
    ]


def downloaded_markdown(site, language: str):
    """Yield ``(where, blocks)`` for each downloaded notebook and script of a language, where
    ``blocks`` is a list of ``(where in the file, Markdown)``."""
    folder = site.root / language / "_downloads"
    notebooks = {path.stem: path for path in folder.glob("*/*.ipynb")}
    for stem, notebook in sorted(notebooks.items()):
        cells = notebook_markdown(notebook)
        (script,) = folder.glob(f"*/{stem}.py")
        blocks = script_markdown(script, cells)
        assert len(blocks) == len(cells), (  # the docstring is the first cell
            f"{script}: {len(blocks)} text blocks, its notebook {len(cells)} Markdown cells"
        )
        for path, found in ((notebook, cells), (script, blocks)):
            yield f"{language}/_downloads/{path.parent.name[:8]}…/{path.name}", found


@pytest.mark.site
@pytest.mark.parametrize("language", LANGUAGES)
def test_downloads_render_in_jupyter_without_markup_left(site, language):
    problems, checked = [], 0
    for name, blocks in downloaded_markdown(site, language):
        found = []
        for where, markdown in blocks:
            found += markup_problems(markdown_html(markdown), f"{name} {where}")
            checked += 1
        problems += report(found, language, "notebooks" if name.endswith("ipynb") else "scripts")
    STATS[f"download Markdown blocks rendered ({language})"] = checked
    assert checked > 100
    assert not problems, "\n".join(problems)


@pytest.mark.site
@pytest.mark.parametrize("language", LANGUAGES)
def test_pages_show_no_markup_left_as_text(site, language):
    problems = []
    pages = site.pages(language)
    for page in pages:
        problems += markup_problems(main_content(site.soup(f"{language}/{page}")),
                                    f"{language}/{page}")  # fmt: skip
    problems = report(problems, language, "pages")
    STATS[f"pages checked for markup left as text ({language})"] = len(pages)
    assert not problems, "\n".join(problems)
