"""An "Open in Colab" link beside each example's notebook download.

Colab opens a notebook from a GitHub branch. The deploy workflow publishes the built site to
the ``gh-pages`` branch of ``primer_repository``, so the link points at this language's
converted notebook there (``<language>/_downloads/<hash>/<name>.ipynb``), the very file the
download button serves.
"""

from docutils import nodes
from sphinx import addnodes
from sphinx.locale import _
from sphinx.transforms.post_transforms import SphinxPostTransform

from primer.sphinxext.ui_catalog import keep_in_ui_catalog

COLAB = "https://colab.research.google.com/github/{repository}/blob/gh-pages/{path}"
LINK_TEXT = "Open in Colab"
NOTE = (
    "Colab runs on Google's servers and needs access to Google; "
    "the notebook download works anywhere."
)


def colab_url(repository: str, language: str, download: str) -> str:
    return COLAB.format(repository=repository, path=f"{language}/_downloads/{download}")


class AddColabLink(SphinxPostTransform):
    """After the notebook's download button, a container with the Colab link."""

    default_priority = 200
    formats = ("html",)

    def run(self, **kwargs) -> None:
        for download in list(self.document.findall(addnodes.download_reference)):
            container = download.parent.parent
            if not download.get("reftarget", "").endswith(".ipynb") or "filename" not in download:
                continue
            url = colab_url(
                self.config.primer_repository, self.config.language, download["filename"]
            )
            link = nodes.reference("", _(LINK_TEXT), refuri=url, classes=["primer-colab"])
            note = nodes.paragraph("", _(NOTE), classes=["primer-colab-note"])
            colab = nodes.container("", nodes.paragraph("", "", link), note)
            colab["classes"] = ["sphx-glr-download", "sphx-glr-download-colab"]
            container.parent.insert(container.parent.index(container) + 1, colab)


def setup(app):
    app.add_post_transform(AddColabLink)
    app.connect("builder-inited", lambda app: keep_in_ui_catalog(app, [LINK_TEXT, NOTE]))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
