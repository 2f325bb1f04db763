"""The alt text of the examples' figures: what each one shows, in the page's language.

Sphinx-Gallery takes a figure's alt text from its titles, or from the file name ("03 mnist
cnn") when it has none. Neither describes the figure, the titles of an image grid list every
panel ("5, 6, 5, 8, ..."), and no catalog translates them: the zh_CN pages reuse the English
build's executions.

A lesson says what each of its figures shows in its ``lesson`` directive, as a numbered list
in the order the page shows them (``primer.sphinxext.course``), translated in the page's
catalog like the page's own text. This extension puts each sentence into its figure's
``alt``. A figure without a sentence, or a sentence without a figure, is a warning, which
stops the strict build.
"""

import html
import re

from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

from primer.sphinxext.course import course_data

logger = logging.getLogger(__name__)

#: Sphinx-Gallery's name for the n-th figure of an example: sphx_glr_<script>_<nnn>.png
FIGURE_FILE = re.compile(r"sphx_glr_.+_(?P<number>\d{3})\.\w+$")


def warn(message: str, *args, docname: str) -> None:
    logger.warning(message, *args, location=docname, type="primer", subtype="alt")


class DescribeFigures(SphinxPostTransform):
    """Give every Sphinx-Gallery figure of an example page its sentence."""

    default_priority = 100
    formats = ("html",)

    def run(self, **kwargs) -> None:
        from sphinx_gallery.directives import imgsgnode

        docname = self.env.docname
        described = course_data(self.env)["lessons"].get(docname, {}).get("figures", [])
        numbers = set()
        for node in self.document.findall(imgsgnode):
            found = FIGURE_FILE.search(node["uri"])
            number = int(found["number"]) if found else 0
            numbers.add(number)
            if not 0 < number <= len(described):
                warn(
                    "figure %s has no alt text: describe it in item %s of the list in the "
                    "page's lesson directive",
                    number, number, docname=docname,
                )  # fmt: skip
                continue
            alt = described[number - 1]
            # Sphinx-Gallery writes a figure with a srcset into the page as it is, unescaped.
            node["alt"] = html.escape(alt) if node.get("srcset") is not None else alt
        for number in range(1, len(described) + 1):
            if number not in numbers:
                warn("the lesson describes figure %s, which the page lacks", number,
                     docname=docname)  # fmt: skip


def setup(app):
    app.add_post_transform(DescribeFigures)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
