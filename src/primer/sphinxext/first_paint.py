"""Nothing in ``<head>`` holds the first paint that the page does not need before it.

Sphinx and the extensions it loads (doctools, copybutton, sphinx-design's tabs, Sphinx-
Gallery's tags, the translations, our language switch) add plain ``<script src>`` tags to
``<head>``: the browser stops parsing, fetches and runs each before it shows anything, and
on a phone's slow connection each costs a round trip. None of them draws the page; each
waits for the document anyway (``DOMContentLoaded``). So every script file is loaded with
``defer``: fetched in parallel, run in order once the page is parsed, before
``DOMContentLoaded``. One stays as it is: ``documentation_options.js``, a few hundred bytes
that the inline ``DOCUMENTATION_OPTIONS.pagename = ...`` line right after it needs.

On the search page doctools.js stays too: the theme's ``search.html`` loads Sphinx's
searchtools.js without ``defer`` after these files, and searchtools.js calls doctools.js's
``_ready`` as it loads.
"""

from __future__ import annotations

#: Script files that inline code in ``<head>`` uses at once, and on the search page, those
#: that its searchtools.js uses as it loads.
BLOCKING = ("_static/documentation_options.js",)
BLOCKING_ON_SEARCH = (*BLOCKING, "_static/doctools.js")


def deferred(script, blocking=BLOCKING):
    """``script`` loaded with ``defer``, unless inline, already deferred or async, or needed
    at once."""
    filename = getattr(script, "filename", None)
    attributes = getattr(script, "attributes", {})
    if not filename or "async" in attributes or "defer" in attributes or filename in blocking:
        return script
    return type(script)(filename, priority=script.priority, **{**attributes, "defer": "defer"})


def defer_scripts(app, pagename, templatename, context, doctree) -> None:
    if "script_files" in context:
        blocking = BLOCKING_ON_SEARCH if pagename == "search" else BLOCKING
        context["script_files"] = [deferred(s, blocking) for s in context["script_files"]]


def setup(app):
    app.connect("html-page-context", defer_scripts, priority=900)  # after others added theirs
    return {"parallel_read_safe": True, "parallel_write_safe": True}
