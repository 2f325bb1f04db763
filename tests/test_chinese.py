"""The Chinese of the zh_CN catalogs: one terminology, and copywriting as autocorrect wants it.

The checks live in tools/zh_check.py, which the lint runs too; the term table is
docs/terms.toml, and the glossary page shows the same pairs.
"""

import re
import textwrap

import pytest
import zh_check
from helpers import DOCS

CATALOGS = zh_check.catalogs()


def catalog_id(po) -> str:
    return po.relative_to(zh_check.CATALOGS).as_posix()


@pytest.mark.parametrize("po", CATALOGS, ids=catalog_id)
def test_every_message_uses_the_one_chinese_term(po):
    problems = zh_check.term_problems(zh_check.messages(po))
    assert not problems, (
        "Use the terms of docs/terms.toml (or waive a message there, with the reason):\n"
        + "\n".join(problems)
    )


@pytest.mark.parametrize("po", CATALOGS, ids=catalog_id)
def test_every_translation_passes_autocorrect(po):
    problems = zh_check.copywriting_problems(zh_check.messages(po))
    assert not problems, "Write the translation as autocorrect does:\n" + "\n".join(problems)


# -- The term table and the glossary page ------------------------------------------------------


def glossary_entries(text: str) -> dict[str, str]:
    """``{English term: Chinese term or ""}`` from the ``{glossary}`` blocks of a MyST page."""
    entries, block = {}, None
    for line in text.splitlines():
        if line.startswith("```{glossary}"):
            block = []
        elif line.startswith("```") and block is not None:
            entries.update(glossary_terms(block))
            block = None
        elif block is not None:
            block.append(line)
    return entries


def glossary_terms(lines: list[str]) -> dict[str, str]:
    """Each entry is its unindented term lines (English, then Chinese) and an indented meaning."""
    entries, names = {}, []
    for line in [*lines, ""]:
        if line.strip() and not line[0].isspace():
            names.append(line.strip())
        elif names:
            english = [name for name in names if not zh_check.CJK.search(name)]
            chinese = [name for name in names if zh_check.CJK.search(name)]
            assert len(english) == 1 and len(chinese) <= 1, f"glossary entry {names}"
            entries[english[0]] = chinese[0] if chinese else ""
            names = []
    return entries


def test_the_glossary_page_shows_the_term_table():
    shown = glossary_entries((DOCS / "glossary.md").read_text(encoding="utf-8"))
    table = {term.en: term.zh for term in zh_check.load_terms().terms}
    assert shown == table, "docs/glossary.md and docs/terms.toml differ:\n" + "\n".join(
        f"{en}: glossary {shown.get(en)!r}, terms.toml {table.get(en)!r}"
        for en in sorted(set(shown) | set(table))
        if shown.get(en) != table.get(en)
    )


def test_term_table_is_consistent():
    table = zh_check.load_terms()
    problems = []
    for term in table.terms:
        if term.english == bool(term.zh):
            problems.append(f"{term.en}: give either zh or english = true")
        for variant in term.rejected:
            if variant in term.zh or any(variant in word for word in term.compounds):
                problems.append(f"{term.en}: rejected {variant!r} is part of its own term")
    for waiver in table.waivers:
        if waiver.term not in table.by_english():
            problems.append(f"waiver for {waiver.term!r}: no such term")
        if not waiver.reason.strip():
            problems.append(f"waiver for {waiver.term!r} in {waiver.catalog}: give the reason")
        messages = zh_check.messages(zh_check.CATALOGS / waiver.catalog)
        if not any(m.id.startswith(waiver.msgid) for m in messages):
            problems.append(f"waiver for {waiver.term!r}: {waiver.catalog} has no {waiver.msgid!r}")
    assert not problems, "\n".join(problems)


# -- The checks catch what they are meant to catch -------------------------------------------


def made_up_catalog(tmp_path, entries: str):
    folder = tmp_path / "LC_MESSAGES"
    po = folder / "examples" / "01-demo" / "01_hello.po"
    po.parent.mkdir(parents=True)
    po.write_text(textwrap.dedent(entries).lstrip(), encoding="utf-8")
    return po, zh_check.messages(po, folder)


def test_a_rejected_term_is_named_with_the_term_to_use(tmp_path):
    _, msgs = made_up_catalog(
        tmp_path,
        """
        msgid "PyTorch builds the graph as the code runs (define-by-run)."
        msgstr "PyTorch 在代码运行时构建计算图（边运行边定义）。"
        """,
    )
    problems = zh_check.term_problems(msgs)
    assert any(
        "examples/01-demo/01_hello.po" in p
        and "define-by-run" in p
        and "'边运行边定义'" in p
        and "'动态图'" in p
        for p in problems
    ), problems


def test_an_english_term_without_its_chinese_term_is_named(tmp_path):
    _, msgs = made_up_catalog(
        tmp_path,
        """
        msgid "Each epoch shuffles the batches."
        msgstr "每一遍都会重新打乱批次。"
        """,
    )
    problems = zh_check.term_problems(msgs)
    assert len(problems) == 1, problems
    assert "01_hello.po" in problems[0] and "Each epoch" in problems[0]
    assert "expected '轮次'" in problems[0]


def test_code_and_link_targets_are_not_english_prose(tmp_path):
    _, msgs = made_up_catalog(
        tmp_path,
        """
        msgid "Call ``model.train()`` first; see :ref:`epoch <gallery_data>` and nn.Module."
        msgstr "先调用 ``model.train()``；见\\\\ :ref:`轮次 <gallery_data>`\\\\ 和 nn.Module。"
        """,
    )
    assert zh_check.term_problems(msgs) == []


def test_a_half_width_comma_between_chinese_characters_is_named_with_the_correction(tmp_path):
    _, msgs = made_up_catalog(
        tmp_path,
        """
        msgid "Tensors, gradients and optimizers."
        msgstr "张量,梯度和优化器。"
        """,
    )
    problems = zh_check.copywriting_problems(msgs)
    assert len(problems) == 1, problems
    assert "01_hello.po" in problems[0] and "Tensors, gradients" in problems[0]
    assert "张量，梯度和优化器。" in problems[0]


def test_markup_is_read_as_the_text_it_shows():
    assert zh_check.shown_text("在{term}`加速器`上运行", "md") == "在加速器上运行"
    assert zh_check.shown_text("见 [页面](https://example.com/)上", "md") == "见 页面上"
    assert zh_check.shown_text("**原因。**\\ ``x`` 是\\ :term:`张量`", "rst") == "原因。x 是张量"
    assert zh_check.shown_text("见\\ :ref:`gallery_data`\\ 。", "rst") == "见链接。"
    # what autocorrect then still finds: no space between Chinese and Latin text
    assert zh_check.corrected("即logits，") == "即 logits，"


def test_an_untranslated_new_message_is_named(tmp_path):
    po, _ = made_up_catalog(
        tmp_path,
        """
        msgid "Tensors"
        msgstr "张量"

        msgid "A new paragraph."
        msgstr ""
        """,
    )
    problems = zh_check.untranslated(po, po.parents[2])
    assert len(problems) == 1 and "01_hello.po" in problems[0], problems
    assert "'A new paragraph.'" in problems[0] and "translation" in problems[0]


def test_the_lint_hook_fails_on_a_bad_catalog(tmp_path, capsys):
    po, _ = made_up_catalog(
        tmp_path,
        """
        msgid "Tensors, gradients and optimizers."
        msgstr "张量,梯度和优化器。"
        """,
    )
    assert zh_check.main([str(po)]) == 1
    assert re.search(r"张量，梯度和优化器", capsys.readouterr().out)
