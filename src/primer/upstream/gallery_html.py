"""Sphinx-Gallery writes HTML that the W3C checker rejects; this mends it, page by page.

* **A ``tooltip`` attribute on every thumbnail**, which HTML does not have ("Attribute tooltip
  not allowed"): it becomes ``data-tooltip``, which ``docs/_static/primer.css`` shows the way
  Sphinx-Gallery's CSS shows ``tooltip``. No Sphinx-Gallery issue about the attribute was
  found (sphinx-gallery#998 and #237 are about the tooltip's text). Reproduction: any gallery
  index page, given to the W3C checker.
* **The same ``id='sg-tag-list'`` in every gallery section** ("Duplicate ID"): Sphinx-Gallery
  writes an empty tag list into each section's README, and an index holds them all;
  ``sg-tags.js`` only ever fills the first (``getElementById``), so the others go. No
  Sphinx-Gallery issue about the repeated id was found. Reproduction: a gallery with two
  subsection READMEs.

tests/test_upstream.py says when each can go.
"""

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from primer.sphinxext.gallery import LocalizeThumbnails, replace_raw


class RenameThumbnailTooltips(SphinxPostTransform):
    """``tooltip="…"`` becomes ``data-tooltip="…"`` in the thumbnails' raw HTML."""

    default_priority = 110  # after primer.sphinxext.gallery has put this language's intro in
    formats = ("html",)

    def run(self, **kwargs) -> None:
        for raw in list(self.document.findall(nodes.raw)):
            if "sphx-glr-thumbcontainer" in raw.astext():
                renamed = LocalizeThumbnails.TOOLTIP.sub(
                    r'data-tooltip="\1"', raw.astext(), count=1
                )
                replace_raw(raw, renamed)


#: The empty list that Sphinx-Gallery's ``sg-tags.js`` fills with the gallery's tags.
TAG_LIST = "id='sg-tag-list'"


class DropRepeatedTagLists(SphinxPostTransform):
    """Keep only the first ``sg-tag-list`` of a page.

    Sphinx-Gallery writes an empty ``<div id='sg-tag-list'>`` into the README of every gallery
    section, and a gallery index holds all its sections' READMEs: the same id many times (W3C
    checker: "Duplicate ID"). ``sg-tags.js`` only ever fills the first (``getElementById``).
    """

    default_priority = 100
    formats = ("html",)

    def run(self, **kwargs) -> None:
        tag_lists = [raw for raw in self.document.findall(nodes.raw) if TAG_LIST in raw.astext()]
        for repeated in tag_lists[1:]:
            repeated.parent.remove(repeated)


def setup(app):
    app.add_post_transform(RenameThumbnailTooltips)
    app.add_post_transform(DropRepeatedTagLists)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
