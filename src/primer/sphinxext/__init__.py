"""The site's Sphinx extensions, one concern each; ``docs/conf.py`` loads them all with the
one name ``primer.sphinxext``, after the third-party extensions they build on.

The order below is the order in which their handlers of the same event run.
"""

from __future__ import annotations

EXTENSIONS = (
    "primer.sphinxext.api_links",  # names in the examples' code link to the PyTorch references
    "primer.sphinxext.gallery",
    "primer.sphinxext.course",  # the course path: lessons' fields, home page cards, Next lines
    "primer.sphinxext.verified",  # where each lesson's code last ran to the end
    "primer.sphinxext.demo",  # a digit drawn in the browser, read by the network the build trained
    "primer.upstream.gallery_html",  # Sphinx-Gallery's thumbnails and tag lists, valid HTML
    "primer.sphinxext.static_math",  # formulas typeset as SVG when the site is built
    "primer.sphinxext.figures",  # alt text of the examples' figures, translated
    "primer.upstream.tabs",
    "primer.sphinxext.comments",
    "primer.sphinxext.script_downloads",  # the doctor download, in the page's language
    "primer.sphinxext.downloads",
    "primer.sphinxext.colab",
    "primer.sphinxext.redirects",  # renamed pages and downloads keep their old addresses
    "primer.sphinxext.language_switch",
    "primer.sphinxext.ui_catalog",  # interface strings Sphinx and the theme leave in English
    "primer.sphinxext.zh_search",  # glossary terms indexed whole
    "primer.sphinxext.search",  # search ranks the lesson first, one result per page
    "primer.upstream.theme_fixes",  # names for the sidebar toggles
    "primer.sphinxext.glossary",  # the English index leaves out the glossary's Chinese terms
    "primer.sphinxext.provenance",
    "primer.sphinxext.hosting",
    "primer.sphinxext.first_paint",  # script files deferred: nothing blocks the first paint
    "primer.sphinxext.style_bundle",  # one style sheet per page, icon fonts cut to the icons
    "primer.upstream.search_index_entries",  # an incremental build keeps the index entries
    "primer.upstream.renamed_titles",  # a renamed page: every page shows the new title
    "primer.upstream.stable_config",  # a rebuild with nothing changed reuses everything
)


def setup(app):
    for extension in EXTENSIONS:
        app.setup_extension(extension)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
