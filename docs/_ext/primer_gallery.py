"""Sphinx-Gallery pages, made ready for translation.

Sphinx-Gallery writes each example's run time into the page as an English sentence. Left
alone, that sentence would enter the translation catalogs and change on every build. This
transform replaces it, before translation, with a label from the UI catalog
(``sphinx.po``, where the gettext builder also puts the templates' strings) and a
language-neutral value such as ``3.42 s``.
"""

import re

from docutils import nodes
from sphinx.builders.gettext import MsgOrigin
from sphinx.locale import _
from sphinx.transforms import SphinxTransform

TIMING = re.compile(r"\((\d+) minutes ([\d.]+) seconds\)")
TIMING_LABEL = "Total running time of the script:"


def format_seconds(minutes: str, seconds: str) -> str:
    return f"{60 * int(minutes) + float(seconds):.2f} s"


class LocalizeRunTime(SphinxTransform):
    """Turn the ``sphx-glr-timing`` paragraph into a translated label and a value."""

    default_priority = 5  # before the Locale transform (20) collects messages

    def apply(self, **kwargs) -> None:
        for paragraph in list(self.document.findall(nodes.paragraph)):
            if "sphx-glr-timing" not in paragraph["classes"]:
                continue
            found = TIMING.search(paragraph.astext())
            if found is None:
                continue
            label = nodes.inline("", _(TIMING_LABEL))
            label["classes"].append("sphx-glr-timing-label")
            value = nodes.inline("", format_seconds(*found.groups()))
            value["classes"].append("sphx-glr-timing-value")
            # No ``source``: Sphinx's gettext leaves nodes without one out of the catalogs.
            timing = nodes.paragraph("", "", label, nodes.Text(" "), value)
            timing["classes"] = ["sphx-glr-timing"]
            paragraph.replace_self(timing)


def add_label_to_ui_catalog(app) -> None:
    if app.builder.name == "gettext":
        app.builder.catalogs["sphinx"].add(TIMING_LABEL, MsgOrigin(__file__, 1))


def setup(app):
    app.add_transform(LocalizeRunTime)
    app.connect("builder-inited", add_label_to_ui_catalog)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
