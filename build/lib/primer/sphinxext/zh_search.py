"""Chinese search: the glossary's terms are indexed whole.

Sphinx indexes zh_CN pages through jieba (``html_search_options`` in conf.py).
"""

from pathlib import Path

from primer.i18n.zh_check import CJK


def glossary_chinese_terms(glossary: Path) -> list[str]:
    """The Chinese term lines of the glossary (unindented lines with Chinese characters)."""
    if not glossary.exists():
        return []
    lines = glossary.read_text(encoding="utf-8").splitlines()
    return [
        line.strip()
        for line in lines
        if line[:1].strip() and CJK.search(line) and not line.startswith("#")
    ]


def teach_search_the_glossary(app) -> None:
    """Make every Chinese glossary term one word for the zh search index.

    Sphinx segments Chinese with jieba, which cuts e.g. 反向传播 into 反向 + 传播; the search
    box, however, looks the whole query up. Adding the glossary's terms to jieba's
    vocabulary indexes them whole (as well as in parts).
    """
    import jieba

    for term in glossary_chinese_terms(Path(app.srcdir) / "glossary.md"):
        jieba.add_word(term)


def teach_search_before_the_first_page(app) -> None:
    """Teach jieba the glossary once a page is about to be indexed, not before: jieba loads
    its dictionary (about a second) on the first word, and a build that writes no page
    indexes nothing."""
    if not (app.config.language or "").startswith("zh"):
        return

    def teach(app, doctree, docname):
        app.disconnect(listener)
        teach_search_the_glossary(app)

    listener = app.connect("doctree-resolved", teach)  # the builder indexes the page next


def setup(app):
    app.connect("builder-inited", teach_search_before_the_first_page)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
