"""The alt text of the examples' figures: what each one shows, in the page's language.

Sphinx-Gallery takes a figure's alt text from its titles, or from the file name ("03 mnist
cnn") when it has none. Neither describes the figure, the titles of an image grid list every
panel ("5, 6, 5, 8, ..."), and no catalog translates them: the zh_CN pages reuse the English
build's executions, and the translation catalogs are extracted without running anything.

``docs/figures.toml`` holds one sentence per figure. This extension puts it into the
figure's ``alt``, translated through the UI catalog (``sphinx.po``, where the gettext builder
also finds it). A figure without a sentence there is a warning, which stops the strict build.
"""

import html
import re
import tomllib
from pathlib import Path

from sphinx.locale import _
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

from primer.sphinxext.ui_catalog import keep_in_ui_catalog

logger = logging.getLogger(__name__)

FIGURES = "figures.toml"
#: Sphinx-Gallery's name for the n-th figure of an example: sphx_glr_<script>_<nnn>.png
FIGURE_FILE = re.compile(r"sphx_glr_.+_(?P<number>\d{3})\.\w+$")


def load_descriptions(srcdir) -> dict[str, dict[int, str]]:
    """``{"02-training/03_mnist_cnn": {1: "...", ...}}`` from ``docs/figures.toml``."""
    path = Path(srcdir) / FIGURES
    if not path.is_file():
        return {}
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {
        example: {int(number): " ".join(text.split()) for number, text in figures.items()}
        for example, figures in data.items()
    }


def gallery_folder(app) -> str:
    folders = app.config.sphinx_gallery_conf.get("gallery_dirs", "")
    return folders if isinstance(folders, str) else folders[0]


class DescribeFigures(SphinxPostTransform):
    """Give every Sphinx-Gallery figure of an example page its sentence from figures.toml."""

    default_priority = 100
    formats = ("html",)

    def run(self, **kwargs) -> None:
        from sphinx_gallery.directives import imgsgnode

        example = self.env.docname.removeprefix(gallery_folder(self.app) + "/")
        described = getattr(self.app, "primer_figures", {}).get(example, {})
        for node in self.document.findall(imgsgnode):
            found = FIGURE_FILE.search(node["uri"])
            number = int(found["number"]) if found else None
            if number not in described:
                logger.warning(
                    "figure %s of %s has no alt text: add it to docs/%s",
                    number,
                    example,
                    FIGURES,
                    location=self.env.docname,
                    type="primer",
                    subtype="alt",
                )
                continue
            alt = str(_(described[number]))
            # Sphinx-Gallery writes a figure with a srcset into the page as it is, unescaped.
            node["alt"] = html.escape(alt) if node.get("srcset") is not None else alt


def keep_descriptions(app) -> None:
    app.primer_figures = load_descriptions(app.srcdir)
    texts = [text for figures in app.primer_figures.values() for text in figures.values()]
    keep_in_ui_catalog(app, texts)


def note_dependency(app, doctree) -> None:
    """Rewrite an example's page when the sentences of its figures change."""
    path = Path(app.srcdir) / FIGURES
    if path.is_file() and app.env.docname.startswith(gallery_folder(app) + "/"):
        app.env.note_dependency(str(path))


def setup(app):
    app.connect("builder-inited", keep_descriptions)
    app.connect("doctree-read", note_dependency)
    app.add_post_transform(DescribeFigures)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
