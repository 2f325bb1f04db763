"""The Chinese of the zh_CN catalogs: one terminology, and copywriting as autocorrect wants it;
and the prose of the built zh_CN pages, as autocorrect wants it too.

The checks live in src/primer/i18n/zh_check.py, which the lint runs too; the term table is
docs/terms.toml, and the glossary page shows the same pairs.
"""

import ast
import re
import textwrap

import pytest
from helpers.project import DOCS, EXAMPLES
from helpers.report import STATS

from primer.i18n import zh_check

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


@pytest.mark.site
def test_the_prose_of_the_built_chinese_pages_passes_autocorrect(site):
    """What the catalogs cannot see: a linked page's title beside the text, the strings the
    build writes around a translation (the run time's label and its value)."""
    pages = zh_check.built_pages(site.root)
    problems = zh_check.site_problems(site.root)
    STATS["zh_CN pages whose prose autocorrect read"] = len(pages)
    assert len(pages) > 10
    assert not problems, "Write the zh_CN pages as autocorrect does:\n" + "\n".join(problems)


# -- Figure text: the same image on both sites ------------------------------------------------

#: The calls that put text into a figure, and the keyword that names a curve in its legend.
FIGURE_TEXT_CALLS = {"set_title", "set_xlabel", "set_ylabel", "suptitle", "text", "annotate"}
#: Two English words in a row, math (``$x^2$``) left out: a phrase only English readers read.
ENGLISH_PHRASE = re.compile(r"[A-Za-z]{2,}[ ,]+[A-Za-z]{2,}")
MATH = re.compile(r"\$[^$]*\$")


def figure_strings(source: str) -> list[tuple[int, str]]:
    """The literal text an example puts into its figures: titles, axis labels, free text
    and legend labels (f-strings by their literal parts), with their line numbers."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "attr", getattr(node.func, "id", ""))
        texts = node.args if name in FIGURE_TEXT_CALLS else []
        texts += [keyword.value for keyword in node.keywords if keyword.arg == "label"]
        for text in texts:
            parts = text.values if isinstance(text, ast.JoinedStr) else [text]
            literal = "".join(
                part.value for part in parts
                if isinstance(part, ast.Constant) and isinstance(part.value, str)
            )  # fmt: skip
            if literal:
                found.append((node.lineno, literal))
    return found


@pytest.mark.parametrize("script", EXAMPLES, ids=lambda script: script.stem)
def test_figure_text_is_language_neutral(script):
    """Both languages show the same figure files: their text is numbers, symbols and code
    names (the caption and alt text say the rest, translated); never an English phrase."""
    phrases = [
        f"{script.relative_to(DOCS.parent)}:{line}: {text!r}"
        for line, text in figure_strings(script.read_text(encoding="utf-8"))
        if ENGLISH_PHRASE.search(MATH.sub(" ", text))
    ]
    assert not phrases, (
        "An English phrase in a figure, which the zh_CN page shows too; use a number, a symbol "
        "or the code's own name, and say the rest in the figure's description (the list in the "
        "lesson directive):\n" + "\n".join(phrases)
    )


def test_an_english_phrase_in_a_figure_is_found_and_a_code_name_is_not():
    source = textwrap.dedent(
        """
        ax.set_title(f"step {step}")
        ax.plot(x, y, label="$y = x^2$")
        ax.plot(x, y, label="mean of 20 steps")
        fig.suptitle("prediction (how sure)")
        """
    )
    found = [text for _, text in figure_strings(source)]
    assert found == ["step ", "$y = x^2$", "mean of 20 steps", "prediction (how sure)"]
    english = [text for text in found if ENGLISH_PHRASE.search(MATH.sub(" ", text))]
    assert english == ["mean of 20 steps", "prediction (how sure)"]


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


PAGE = """<main><article class="bd-article">
<h1>自动求导<a class="headerlink" href="#x">#</a></h1>
<p>先调用 <code>detach()</code>（见 <a href="03_devices.html">CPU、GPU 及其他设备</a>）。</p>
<p>学习率为 <span class="math">\\(\\eta\\)</span>，则：</p>
<div class="math">\\[w \\leftarrow w - \\eta g\\]</div>
<pre>print("步数:1")</pre>
<p class="sphx-glr-timing"><span>脚本总运行时间：</span><span>0.70 s</span></p>
</article></main>"""


def test_a_built_page_is_read_as_its_prose_without_code_and_with_math_as_a_symbol():
    assert zh_check.page_prose(PAGE) == [
        "自动求导",
        "先调用 detach()（见 CPU、GPU 及其他设备）。",
        "学习率为 x，则：",
        "脚本总运行时间：0.70 s",
    ]
    assert zh_check.page_copywriting_problems(PAGE, "zh_CN/page.html") == []


def test_a_built_page_whose_link_touches_chinese_is_named_with_the_correction():
    joined = PAGE.replace("（见 <a", "（见<a").replace("时间：</span>", "时间：</span> ")
    problems = zh_check.page_copywriting_problems(joined, "zh_CN/page.html")
    assert len(problems) == 2, problems
    assert "zh_CN/page.html" in problems[0] and "（见 CPU、GPU 及其他设备）" in problems[0]
    assert "'脚本总运行时间：0.70 s'" in problems[1]


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
