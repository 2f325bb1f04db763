"""Search results that find the lesson: Chinese queries cut into the index's words, pages
whose title names the query first, one result per page, excerpts of the page's own text.

The script (``_static/primer-search.js``) changes Sphinx's ``searchtools.js`` from outside;
it is loaded with ``defer`` on the search page only, so it runs after ``searchtools.js`` and
before the query. ``tests/test_browser.py`` checks the ranks of the lessons' key queries in
both languages.
"""

SCRIPT = "primer-search.js"


def add_search_script(app, pagename, templatename, context, doctree):
    if pagename == "search":
        app.add_js_file(SCRIPT, defer="defer")


def setup(app):
    app.connect("html-page-context", add_search_script)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
