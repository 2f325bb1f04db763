"""Code comments and docstrings as catalog messages (src/primer/sphinxext/comments.py): which
comments are prose, and that translating them changes nothing else in the code."""

import io
import re
import tokenize

import pytest
from helpers.report import STATS

from primer.i18n.zh_check import CJK
from primer.sphinxext.comments import code_prose, docstring_tokens, translate_code_prose

CODE = """x = load(root)  # the data decides how often this runs
# a full-line comment
y = "# not a comment"  # fmt: skip
z = f(x)  # noqa: F821
"""

FUNCTION = '''def step(model):
    """One step of ``model``; returns the loss.

    The second paragraph
    spans two lines.
    """
    note = """a string that is a value"""
    return note
'''


def test_prose_comments_are_messages_and_tool_directives_are_not():
    assert code_prose(CODE) == ["the data decides how often this runs", "a full-line comment"]


def test_translating_changes_the_comments_only():
    catalog = {"the data decides how often this runs": "数据决定循环运行多少次"}
    translated = translate_code_prose(CODE, lambda message: catalog.get(message, message))
    assert translated == CODE.replace(
        "the data decides how often this runs", "数据决定循环运行多少次"
    )


def test_each_docstring_paragraph_is_a_message_and_a_string_value_is_not():
    assert code_prose(FUNCTION) == [
        "One step of ``model``; returns the loss.",
        "The second paragraph spans two lines.",
    ]


def test_a_translated_docstring_paragraph_takes_one_line_and_nothing_else_changes():
    catalog = {"The second paragraph spans two lines.": "第二段跨两行。"}
    translated = translate_code_prose(FUNCTION, lambda message: catalog.get(message, message))
    assert translated == FUNCTION.replace(
        "    The second paragraph\n    spans two lines.\n", "    第二段跨两行。\n"
    )


def test_code_that_does_not_tokenize_is_left_alone():
    assert translate_code_prose("print('unclosed  # no", str.upper) == "print('unclosed  # no"


#: Two English words in a row: prose, not a value such as ``weights_only=True`` or ``±10%``.
ENGLISH_PROSE = re.compile(r"[A-Za-z]{2,} [A-Za-z]{2,}")


def code_without_prose(code: str) -> list[str]:
    """The tokens of ``code`` without its comments and docstrings (nor their line breaks)."""
    docstrings = {token.start for token in docstring_tokens(code)}
    tokens = tokenize.generate_tokens(io.StringIO(code).readline)
    return [
        t.string
        for t in tokens
        if t.type not in (tokenize.COMMENT, tokenize.NL) and t.start not in docstrings
    ]


def shown_code(site, page: str) -> list[str]:
    selector = "div.highlight-Python pre, div.highlight-python pre, div.highlight-ipython3 pre"
    return [pre.get_text() for pre in site.soup(page).select(selector)]


@pytest.mark.site
def test_chinese_pages_show_the_same_code_with_chinese_comments_and_docstrings(site):
    translated = 0
    for page in site.pages("en"):
        en, zh = shown_code(site, f"en/{page}"), shown_code(site, f"zh_CN/{page}")
        assert len(en) == len(zh), page
        for en_code, zh_code in zip(en, zh, strict=True):
            assert code_without_prose(zh_code) == code_without_prose(en_code), page
            for message in code_prose(zh_code):
                translated += bool(CJK.search(message))
                english = ENGLISH_PROSE.search(message) and not CJK.search(message)
                assert not english, f"zh_CN/{page}: code prose still in English: {message!r}"
    STATS["code comments and docstring paragraphs shown in Chinese"] = translated
    assert translated >= 25
