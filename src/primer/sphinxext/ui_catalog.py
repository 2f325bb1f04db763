"""Interface strings that Sphinx and the theme leave in English on zh_CN pages, translated in
our own UI catalog (``locales/zh_CN/LC_MESSAGES/sphinx.po``).

Other extensions add the strings they write into pages with :func:`keep_in_ui_catalog`.
"""

import json

from sphinx.builders.gettext import MsgOrigin
from sphinx.locale import _

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
    add = f"Documentation.addTranslations({json.dumps(catalog, ensure_ascii=False)})"
    # Once the page is parsed: doctools.js, which defines Documentation, is deferred
    # (first_paint), and the search runs later still.
    body = f'document.addEventListener("DOMContentLoaded", () => {add});'
    app.add_js_file(None, body=body, priority=900)  # after translations.js


def translate_search_bar(app, pagename, templatename, context, doctree):
    """The theme shows this option verbatim; it is one of the UI_MESSAGES."""
    context["theme_search_bar_text"] = str(_("Search the docs ..."))


def setup(app):
    app.connect("builder-inited", lambda app: keep_in_ui_catalog(app, UI_MESSAGES))
    app.connect("builder-inited", add_search_summary_translation)
    app.connect("html-page-context", translate_search_bar)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
