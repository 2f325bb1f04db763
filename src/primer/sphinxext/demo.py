"""``.. digit-demo::``: where a lesson's page lets the reader draw a digit for the network
the build trained (``primer.build.demo`` exports it; ``_static/primer-demo.js`` runs it).

The directive writes a closed ``<details>`` frame and a few lines that load the demo's script
when the reader opens it, so a first visit downloads neither the script nor the weights. The
exported files are copied beside the page in every language. Downloads leave the directive
out (``primer.sphinxext.downloads``): their readers have the trained model in hand.
"""

from __future__ import annotations

import hashlib
import html
import json
import shutil
from pathlib import Path

from docutils import nodes
from sphinx.locale import _
from sphinx.util.docutils import SphinxDirective

from primer.build import demo
from primer.sphinxext.ui_catalog import keep_in_ui_catalog

#: What the demo shows the reader; ``{...}`` are filled in by the script.
STRINGS = {
    "summary": "Draw a digit for the network trained on this page",
    "script": "The demo needs JavaScript.",
    "loading": "Loading the network…",
    "missing": "The network could not be loaded: the site was built without running the "
    "examples, or the connection failed. Close the demo and open it again to retry.",
    "ready": "Draw one digit from 0 to 9, large, in the box, or pick an image from the list.",
    "larger": "Draw the digit larger: let it fill most of the box.",
    "canvas": "Drawing area: draw one digit with a finger or the mouse",
    "clear": "Clear",
    "pick": "Or pick an image the network never trained on:",
    "choose": "Choose an image",
    "option": "Validation image {number} (label {label})",
    "answer": "The network reads {digit}, with a probability of {probability}.",
    "bars": "The probability of each digit",
}
#: Loads the script the first time the reader opens a demo; again after a failed load.
LOADER = (
    "document.querySelectorAll('.primer-demo details').forEach((details) =>"
    " details.addEventListener('toggle', () => {"
    " const frame = details.closest('.primer-demo');"
    " if (!details.open || document.querySelector('script[data-primer-demo]')) {"
    " if (details.open && window.primerDemo) window.primerDemo.start(frame); return; }"
    " const script = document.createElement('script');"
    " script.src = document.documentElement.dataset.content_root + frame.dataset.script;"
    " script.dataset.primerDemo = '';"
    " script.onerror = () => { script.remove();"
    " frame.querySelector('.primer-demo-status').textContent ="
    " JSON.parse(frame.dataset.strings).missing; };"
    " document.head.append(script); }));"
)
SCRIPT = "primer-demo.js"
SUFFIXES = (".demo.json", ".demo.bin")


def script_url(srcdir: Path) -> str:
    """The script's address below the site's root, versioned by its content (a new script
    is never taken from a stale cache)."""
    version = hashlib.sha256((srcdir / "_static" / SCRIPT).read_bytes()).hexdigest()[:12]
    return f"_static/{SCRIPT}?v={version}"


class DigitDemo(SphinxDirective):
    """The demo's frame, for the network that this page's lesson exported."""

    has_content = False

    def run(self):
        stem = Path(self.env.docname).name
        strings = {key: str(_(text)) for key, text in STRINGS.items()}
        self.env.note_dependency(str(Path(self.env.srcdir) / "_static" / SCRIPT))
        frame = (
            f'<div class="primer-demo" id="primer-demo-{html.escape(stem)}"'
            f' data-model="{html.escape(stem)}.demo.json"'
            f' data-script="{script_url(Path(self.env.srcdir))}"'
            f' data-strings="{html.escape(json.dumps(strings, ensure_ascii=False))}">'
            f"<details><summary>{html.escape(strings['summary'])}</summary>"
            '<div class="primer-demo-body"><p class="primer-demo-status" role="status">'
            f"{html.escape(strings['script'])}</p></div></details></div>"
            f"<script>{LOADER}</script>"
        )
        return [nodes.raw("", frame, format="html")]


def set_folders(app) -> None:
    """Tell the export where the gallery's sources are and where Sphinx-Gallery writes."""
    conf = app.config.sphinx_gallery_conf
    demo.FOLDERS = (
        Path(app.srcdir, conf["examples_dirs"]).resolve(),
        Path(app.srcdir, conf["gallery_dirs"]).resolve(),
    )


def copy_exports(app, exception) -> None:
    """Put every exported network beside its page."""
    if exception is not None or app.builder.format != "html" or demo.FOLDERS is None:
        return
    generated = demo.FOLDERS[1]
    outdir = Path(app.outdir) / generated.relative_to(Path(app.srcdir).resolve())
    for path in (path for suffix in SUFFIXES for path in generated.rglob(f"*{suffix}")):
        target = outdir / path.relative_to(generated)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)


def setup(app):
    app.add_directive("digit-demo", DigitDemo)
    app.connect("builder-inited", set_folders, priority=100)  # before the gallery runs
    app.connect("builder-inited", lambda app: keep_in_ui_catalog(app, STRINGS.values()))
    app.connect("build-finished", copy_exports)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
