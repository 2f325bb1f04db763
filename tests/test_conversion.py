"""The download conversion (docs/_ext/primer_downloads.py) on small inputs: what it turns
into Markdown, and the reST it refuses, naming the file."""

import pytest
from helpers import DOCS
from primer_downloads import Block, Converter, UnknownMarkup, as_script


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
