"""The header's language switcher: every page links to itself in the other language.

Both languages are built from one source tree into sibling folders
(``_build/html/en`` and ``_build/html/zh_CN``), so the same page name exists in both. The
link also carries the other language's home page as ``data-fallback``; the switcher's
script follows it when the page is missing there (a page added to one build only). The
script keeps the reader's ``#anchor`` and ``?q=`` query, and remembers the choice for the
site's root page (``docs/_static/language-switcher.js``).

It also names the sidebar's expand/collapse toggles after their section, in the page's
language: the theme draws each as a ``<summary>`` holding only an icon, which screen readers
announce without a name (axe: summary-name).
"""

import html
import json
import re
from pathlib import Path

from sphinx.builders.gettext import MsgOrigin
from sphinx.locale import _

LANGUAGES = {
    "en": {"label": "English", "hreflang": "en"},
    "zh_CN": {"label": "中文", "hreflang": "zh-CN"},
}


#: Sphinx's search script asks for this plural pair; Sphinx's zh_CN ``sphinx.js`` lacks it.
SEARCH_SUMMARY = (
    "Search finished, found one page matching the search query.",
    "Search finished, found ${resultCount} pages matching the search query.",
)
#: Interface strings of Sphinx and the theme that their own zh catalogs leave in English.
#: They are translated in our UI catalog, ``locales/zh_CN/LC_MESSAGES/sphinx.po``.
UI_MESSAGES = (
    "Link to this heading",
    "Link to this term",
    "Color mode",
    "System Settings",
    "Search the docs ...",
    "Breadcrumb",
    "© Copyright %(copyright)s.",
    SEARCH_SUMMARY[1],
)


def keep_in_ui_catalog(app, messages) -> None:
    """Put ``messages`` into the extracted ``sphinx.pot``, beside the templates' strings.

    The gettext builder only extracts our own templates; without this, ``nox -s gettext``
    would mark the translations of these strings obsolete.
    """
    if app.builder.name == "gettext":
        for message in messages:
            app.builder.catalogs["sphinx"].add(message, MsgOrigin(__file__, 1))


def add_search_summary_translation(app) -> None:
    """Give Sphinx's search script the translated summary (it merges extra catalogs)."""
    if app.builder.format != "html" or (app.config.language or "en") == "en":
        return
    translated = str(_(SEARCH_SUMMARY[1]))
    catalog = {"messages": {SEARCH_SUMMARY[0]: [translated]}, "plural_expr": "0"}
    catalog["locale"] = app.config.language
    body = f"Documentation.addTranslations({json.dumps(catalog, ensure_ascii=False)});"
    app.add_js_file(None, body=body, priority=900)  # after translations.js


CJK = re.compile(r"[\u4e00-\u9fff]")


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


def other_language(language: str) -> str:
    return "zh_CN" if language == "en" else "en"


def switch_target(pagename: str, language: str) -> dict:
    """Relative URLs of ``pagename`` (and of the home page) in the other language."""
    other = other_language(language)
    to_site_root = "../" * (pagename.count("/") + 1)
    return {
        **LANGUAGES[other],
        "language": other,
        "url": f"{to_site_root}{other}/{pagename}.html",
        "fallback": f"{to_site_root}{other}/index.html",
    }


def add_switch_target(app, pagename, templatename, context, doctree):
    context["language_switch"] = switch_target(pagename, app.config.language or "en")
    # The theme shows this option verbatim; it is one of our UI_MESSAGES.
    context["theme_search_bar_text"] = str(_("Search the docs ..."))


#: A sidebar entry with children: its link, then the theme's ``<details><summary>`` toggle.
TOGGLE = re.compile(
    r'(<a class="[^"]*\breference internal\b[^"]*" href="[^"]*">((?:(?!</a>).)*)</a>'
    r'<details(?: open="open")?>)<summary>',
    re.S,
)


def name_toggle(found: re.Match) -> str:
    section = html.unescape(re.sub(r"<[^>]+>", "", found[2])).strip()
    return f'{found[1]}<summary aria-label="{html.escape(section)}">'


def name_sidebar_toggles(app, pagename, templatename, context, doctree):
    """Wrap the theme's sidebar generator so that every toggle is named after its section."""
    generate = context.get("generate_toctree_html")
    if generate is None:
        return

    def generate_with_names(*args, **kwargs):
        return TOGGLE.sub(name_toggle, str(generate(*args, **kwargs)))

    context["generate_toctree_html"] = generate_with_names


def setup(app):
    app.connect("builder-inited", lambda app: keep_in_ui_catalog(app, UI_MESSAGES))
    app.connect("builder-inited", add_search_summary_translation)
    app.connect("builder-inited", teach_search_before_the_first_page)
    app.connect("html-page-context", add_switch_target)
    app.connect("html-page-context", name_sidebar_toggles, priority=900)  # after the theme
    return {"parallel_read_safe": True, "parallel_write_safe": True}
