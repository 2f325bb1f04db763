"""Sphinx-Gallery pages, made ready for translation.

Sphinx-Gallery writes each example's run time into the page as an English sentence. Left
alone, that sentence would enter the translation catalogs and change on every build. This
transform replaces it, before translation, with a label from the UI catalog
(``sphinx.po``, where the gettext builder also puts the templates' strings) and a
language-neutral value such as ``3.42 s``.

The thumbnails of a gallery index are raw HTML that Sphinx-Gallery fills with the example's
English title and first paragraph, which no catalog translates. A post-transform rewrites
them, in every language, with the title and first paragraph of the example's page as built
in that language. (What Sphinx-Gallery writes that HTML does not allow is mended in
``primer.upstream.gallery_html``.)
"""

import html
import posixpath
import re
import unicodedata

from docutils import nodes
from sphinx.locale import _
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform

from primer.sphinxext.ui_catalog import keep_in_ui_catalog

TIMING = re.compile(r"\((\d+) minutes ([\d.]+) seconds\)")
TIMING_LABEL = "Total running time of the script:"


def format_seconds(minutes: str, seconds: str) -> str:
    return f"{60 * int(minutes) + float(seconds):.2f} s"


def space_after(label: str) -> str:
    """The space between a label and its value: none after full-width punctuation, such as
    Chinese's colon, which carries its own (Chinese copywriting; autocorrect removes it)."""
    last = label[-1:]
    full_width = last and unicodedata.east_asian_width(last) in ("F", "W")
    return "" if full_width and unicodedata.category(last).startswith("P") else " "


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
            text = _(TIMING_LABEL)
            label = nodes.inline("", text)
            label["classes"].append("sphx-glr-timing-label")
            value = nodes.inline("", format_seconds(*found.groups()))
            value["classes"].append("sphx-glr-timing-value")
            # No ``source``: Sphinx's gettext leaves nodes without one out of the catalogs.
            timing = nodes.paragraph("", "", label, nodes.Text(space_after(text)), value)
            timing["classes"] = ["sphx-glr-timing"]
            paragraph.replace_self(timing)


class LocalizeThumbnails(SphinxPostTransform):
    """Give each gallery thumbnail the title and intro of its page in this language.

    The intro is the thumbnail's hover text, in the attribute where Sphinx-Gallery writes it
    (``tooltip``; ``primer.upstream.gallery_html`` then makes it valid HTML).
    """

    default_priority = 100  # after references (10) and ``only`` nodes (50) are resolved
    formats = ("html",)
    TOOLTIP = re.compile(r'(?<![\w-])tooltip="([^"]*)"')
    TITLE = re.compile(r'<div class="sphx-glr-thumbnail-title">(.*?)</div>', re.S)

    def run(self, **kwargs) -> None:
        for opening in list(self.document.findall(nodes.raw)):
            if "sphx-glr-thumbcontainer" not in opening.astext():
                continue
            link, closing = self.link_and_title(opening)
            if link is not None and closing is not None:
                self.rewrite(closing, self.TITLE, link.astext())
            intro = self.intro_of(link["refuri"]) if link is not None else None
            if intro is not None:
                self.rewrite(opening, self.TOOLTIP, intro)

    @staticmethod
    def link_and_title(opening: nodes.raw) -> tuple[nodes.reference | None, nodes.raw | None]:
        """The thumbnail's link to its example and the raw node that holds its title."""
        link = None
        for node in opening.findall(include_self=False, siblings=True):
            if link is None and isinstance(node, nodes.reference) and node.get("refuri"):
                link = node
            if isinstance(node, nodes.raw) and "sphx-glr-thumbnail-title" in node.astext():
                return link, node
        return link, None

    def intro_of(self, refuri: str) -> str | None:
        """The first paragraph of the linked page, as this language's build reads it."""
        path = posixpath.join(posixpath.dirname(self.env.docname), refuri.split("#")[0])
        docname = posixpath.normpath(path).removesuffix(self.app.builder.out_suffix)
        if docname not in self.env.all_docs:
            return None
        section = self.env.get_doctree(docname).next_node(nodes.section)
        if section is None:
            return None
        for child in section.children:
            if isinstance(child, nodes.paragraph):
                return " ".join(child.astext().split())
        return None

    @staticmethod
    def rewrite(raw: nodes.raw, pattern: re.Pattern, value: str) -> None:
        """Replace ``raw`` by a copy whose first match of ``pattern`` holds ``value``."""
        text = raw.astext()
        found = pattern.search(text)
        if found is not None:
            replace_raw(raw, text[: found.start(1)] + html.escape(value) + text[found.end(1) :])


def replace_raw(raw: nodes.raw, text: str) -> None:
    """Put a raw node holding ``text`` where ``raw`` is."""
    if text != raw.astext():
        raw.replace_self(nodes.raw("", text, format=raw.get("format", "html")))


def reread_gallery_indexes(app, env, added, changed, removed) -> list[str]:
    """Re-read the gallery indexes whenever an example changes: they show its title and intro."""
    folders = app.config.sphinx_gallery_conf.get("gallery_dirs", [])
    folders = [folders] if isinstance(folders, str) else folders
    in_gallery = tuple(f"{folder}/" for folder in folders)
    if not any(doc.startswith(in_gallery) for doc in (*added, *changed, *removed)):
        return []
    return [doc for doc in env.found_docs if doc.startswith(in_gallery) and doc.endswith("index")]


def setup(app):
    app.add_transform(LocalizeRunTime)
    app.add_post_transform(LocalizeThumbnails)
    app.connect("env-get-outdated", reread_gallery_indexes)
    app.connect("builder-inited", lambda app: keep_in_ui_catalog(app, [TIMING_LABEL]))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
