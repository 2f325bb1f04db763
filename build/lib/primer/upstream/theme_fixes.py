"""Fixes to the PyData theme's markup.

The theme draws each sidebar expand/collapse toggle as a ``<summary>`` holding only an icon,
which screen readers announce without a name (axe: summary-name). Each is named after its
section, in the page's language.
"""

import html
import re

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
    app.connect("html-page-context", name_sidebar_toggles, priority=900)  # after the theme
    return {"parallel_read_safe": True, "parallel_write_safe": True}
