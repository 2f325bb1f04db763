"""The download conversion (docs/_ext/primer_downloads.py) on small inputs: what it turns
into Markdown, and the reST it refuses, naming the file."""

import pytest
from conftest import DOCS
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


@pytest.mark.parametrize(
    ("rest", "named"),
    [
        (".. note::\n\n   Careful.", "'.. note::'"),
        ("A :kbd:`Ctrl` key.", ":kbd:"),
        ("A :ref:`link split\nover lines <target>`.", "reST left"),
    ],
)
def test_unknown_rest_stops_naming_the_file(rest, named):
    with pytest.raises(UnknownMarkup, match="gallery/demo.py") as caught:
        convert(rest)
    assert named in str(caught.value)


def test_a_script_keeps_the_cell_structure():
    script = as_script([Block("text", "# Title"), Block("text", "Text."), Block("code", "x = 1"),
                        Block("code", "y = 2")])  # fmt: skip
    assert script == '"""\n# Title\n"""\n\n# %%\n# Text.\nx = 1\n\n# %%\ny = 2\n'
