"""The download conversion (src/primer/sphinxext/downloads.py) on small inputs: what it turns
into Markdown, and the reST it refuses, naming the file."""

import ast

import pytest
from helpers.project import DOCS

from primer.sphinxext.downloads import (
    Block,
    Converter,
    Downloads,
    UnknownMarkup,
    as_script,
    columns,
    mnist_check,
)


def resolve(role, target):
    return f"Title of {target}", f"https://site/en/{target}.html"


def convert(rest: str) -> list[Block]:
    return Converter(resolve, DOCS, "gallery/demo.py").blocks(rest)


def test_headings_roles_math_and_literals_become_markdown():
    (block,) = convert(
        "Tensors\n-------\nSee :ref:`gallery_x`, :ref:`this <gallery_y>`, a :term:`leaf <leaf "
        "tensor>`, :class:`~torch.nn.Module`, ``x.grad`` and :math:`x^2`.\n\n.. math::\n\n   a = b"
    )
    assert block.content == (
        "## Tensors\nSee [Title of gallery_x](https://site/en/gallery_x.html), "
        "[this](https://site/en/gallery_y.html), a leaf, `Module`, `x.grad` and $x^2$.\n\n"
        "$$\na = b\n$$"
    )


def test_a_display_formula_aligned_over_lines_keeps_its_environment():
    """Jupyter's MathJax refuses ``&`` outside an environment: the notebook gets the
    ``split`` that the page's renderer adds."""
    (block,) = convert(".. math::\n\n   a &= b \\\\\n     &= c")
    assert block.content == "$$\n\\begin{split}a &= b \\\\\n  &= c\\end{split}\n$$"


def test_an_included_snippet_becomes_a_code_block_and_its_output_is_left_out():
    blocks = convert(
        "Before:\n\n"
        ".. literalinclude:: /../snippets/install/first_tensor.py\n   :language: python\n\n"
        ".. literalinclude:: /../snippets/install/first_tensor.out\n   :language: none\n\n"
        "After."
    )
    code = (DOCS.parent / "snippets/install/first_tensor.py").read_text().strip("\n")
    assert [b.kind for b in blocks] == ["text", "code", "text"]
    assert blocks[1].content == code
    assert blocks[2].content.strip() == "After."


def test_an_exercise_stays_and_its_folded_solution_is_left_out():
    blocks = convert(
        "Exercises\n---------\n\n1. Add ``x`` to itself.\n\n"
        ".. dropdown:: Solution\n\n"
        "   .. literalinclude:: /../snippets/install/first_tensor.py\n      :language: python\n\n"
        "   The answer.\n\n"
        "2. Now twice."
    )
    assert [b.kind for b in blocks] == ["text"]
    assert blocks[0].content.split("\n") == [
        "## Exercises",
        "",
        "1. Add `x` to itself.",
        "",
        "",
        "2. Now twice.",
    ]


@pytest.mark.parametrize(
    ("rest", "named"),
    [
        (".. note::\n\n   Careful.", "'.. note::'"),
        ("A :kbd:`Ctrl` key.", ":kbd:"),
        ("An ``unclosed literal.", "reST left"),
    ],
)
def test_unknown_rest_stops_naming_the_file(rest, named):
    with pytest.raises(UnknownMarkup, match="gallery/demo.py") as caught:
        convert(rest)
    assert named in str(caught.value)


def test_paragraphs_and_list_items_are_translated_whole_as_the_catalogs_hold_them():
    catalog = {
        "Walking the graph": "遍历计算图",
        "The graph is made of ``grad_fn`` objects, see :ref:`gallery_x`.": (
            "计算图由 ``grad_fn`` 对象组成，见\\ :ref:`gallery_x`\\ 。"
        ),
        "One item that goes on over two lines.": "一个跨两行的条目。",
    }
    converter = Converter(resolve, DOCS, "gallery/demo.py", lambda m: catalog.get(m, m))
    (block,) = converter.blocks(
        "Walking the graph\n-----------------\nThe graph is made of ``grad_fn`` objects,\n"
        "see :ref:`gallery_x`.\n\n* One item that goes on\n  over two lines.\n* Untranslated."
    )
    assert block.content == (
        "## 遍历计算图\n计算图由 `grad_fn` 对象组成，见[Title of gallery_x](https://site/en/gallery_x.html)。"
        "\n\n* 一个跨两行的条目。\n* Untranslated."
    )


def test_a_script_keeps_the_cell_structure():
    script = as_script([Block("text", "# Title"), Block("text", "Text."), Block("code", "x = 1"),
                        Block("code", "y = 2")])  # fmt: skip
    assert script == '"""\n# Title\n"""\n\n# %%\n# Text.\nx = 1\n\n# %%\ny = 2\n'


MNIST_MESSAGES = {
    "en": "MNIST could not be downloaded. The install page's section “Getting MNIST when the "
    "download fails” explains how to get the four files another way:",
    "zh_CN": "无法下载 MNIST（原因见上面的错误）。如果你的机器访问不了 torchvision 的镜像，"
    "安装页的“下载失败时如何获取 MNIST”一节说明了如何用其他方式获得这四个文件：",
}


def raised_message(code: str) -> str:
    """The text of the ``RuntimeError`` that ``code`` raises (its one joined string)."""
    (raised,) = [node for node in ast.walk(ast.parse(code)) if isinstance(node, ast.Raise)]
    return raised.exc.args[0].value


@pytest.mark.parametrize("language", MNIST_MESSAGES)
def test_the_mnist_check_raises_the_message_whole_then_the_address_in_short_lines(language):
    url = f"https://site/{language}/install.html#get-mnist"
    code = mnist_check(MNIST_MESSAGES[language], url, in_launcher_only=False)
    assert raised_message(code) == f"{MNIST_MESSAGES[language]}\n{url}"
    assert 'datasets.MNIST(os.environ.get("PRIMER_DATA", "data"), download=True)' in code
    assert max(columns(line) for line in code.splitlines()) <= 88, code


def test_the_mnist_check_runs_in_the_launching_process_only_where_torchrun_reruns_the_file():
    code = mnist_check(MNIST_MESSAGES["en"], "https://site/en/install.html", in_launcher_only=True)
    (guard,) = ast.parse(code).body
    assert ast.unparse(guard.test) == "not IS_WORKER"
    assert raised_message(code).startswith(MNIST_MESSAGES["en"])


def test_an_example_that_reads_mnist_from_another_folder_stops_the_build():
    blocks = [Block("code", 'mnist = datasets.MNIST("elsewhere", download=True)')]
    with pytest.raises(UnknownMarkup, match="gallery/demo.py loads MNIST, but not from"):
        Downloads.with_mnist_check(None, blocks, "gallery/demo.py")
