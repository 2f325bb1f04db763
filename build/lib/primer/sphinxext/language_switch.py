"""The header's language switcher: every page links to itself in the other language.

Both languages are built from one source tree into sibling folders
(``_build/html/en`` and ``_build/html/zh_CN``), so the same page name exists in both. The
link also carries the other language's home page as ``data-fallback``; the switcher's
script follows it when the page is missing there (a page added to one build only). The
script keeps the reader's ``#anchor`` and ``?q=`` query, and remembers the choice for the
site's root page (``docs/_static/language-switcher.js``).
"""

LANGUAGES = {
    "en": {"label": "English", "hreflang": "en"},
    "zh_CN": {"label": "中文", "hreflang": "zh-CN"},
}


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


def setup(app):
    app.connect("html-page-context", add_switch_target)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
