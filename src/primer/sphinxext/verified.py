"""Each lesson says where its code last ran to the end, from the record ``docs/verified.json``
(``primer.check.verified``, which says what is hashed and who writes the record).

Under the lesson's reading time and level, a gallery lesson's page shows "Verified:" with
each recorded run (torch version, device, date), or that its code changed since its last
recorded run. Its downloads carry the same line (``primer.sphinxext.downloads``). The build
computes each lesson's hash from the sources it builds, so a stale line is never shown, and
writes the hashes to ``code.json`` at the language's root: ``nox -s compat`` records the
hash of the code that its downloads were made from.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from docutils import nodes
from sphinx.locale import _
from sphinx.transforms import SphinxTransform

from primer.check.verified import code_hash, lesson_key, read_record, runs_for
from primer.sphinxext.course import label_and_text, lesson_fields, rest_label
from primer.sphinxext.ui_catalog import keep_in_ui_catalog

VERIFIED_LABEL = "Verified:"
#: The recorded runs, each a RUN, joined by RUN_JOINER.
RAN = "ran to the end with {runs}."
RUN = "torch {torch} on {device} ({date})"
RUN_JOINER = "; "
NOT_YET = "not yet since the last change to this lesson's code."
UI_MESSAGES = (VERIFIED_LABEL, RAN, RUN, RUN_JOINER, NOT_YET)


def gallery_folder(env) -> Path:
    return Path(env.srcdir, env.config.sphinx_gallery_conf["examples_dirs"]).resolve()


def lesson_script(env, docname: str) -> Path | None:
    """The gallery script that ``docname`` is the page of, if it is one."""
    prefix = env.config.sphinx_gallery_conf["gallery_dirs"] + "/"
    if not docname.startswith(prefix):
        return None
    script = gallery_folder(env) / f"{docname.removeprefix(prefix)}.py"
    return script if script.is_file() else None


def verified_text(srcdir: Path, script: Path) -> str:
    """What follows "Verified:" for this lesson, in the build's language."""
    record = read_record(srcdir / "verified.json")
    runs = runs_for(record, lesson_key(script), code_hash(script, srcdir.parent))
    if runs is None:
        return str(_(NOT_YET))
    # The public version: "+cu124" names the wheel's CUDA build, not the device it ran on.
    said = [str(_(RUN)).format(**{**run, "torch": run["torch"].split("+")[0]}) for run in runs]
    return str(_(RAN)).format(runs=str(_(RUN_JOINER)).join(said))


def verified_lines(srcdir: Path, source: str) -> list[str]:
    """The line as reST, for a download of the lesson ``source`` (relative to the repository)."""
    return [rest_label(VERIFIED_LABEL) + verified_text(srcdir, srcdir.parent / source)]


class ShowVerified(SphinxTransform):
    """The "Verified:" line after the lesson's reading time and level."""

    default_priority = 400  # before the course takes the lesson's fields out of the page

    def apply(self, **kwargs) -> None:
        script = lesson_script(self.env, self.env.docname)
        fields = next(iter(self.document.findall(lesson_fields)), None)
        if script is None or fields is None:
            return
        text = verified_text(Path(self.env.srcdir), script)
        line = nodes.paragraph(
            "", "", *label_and_text(VERIFIED_LABEL, text), translatable=False,
            classes=["primer-verified"],
        )  # fmt: skip
        fields.parent.insert(fields.parent.index(fields), line)


def reread_when_the_record_changes(app, env, added, changed, removed) -> list[str]:
    """Every lesson page, when the record differs from the one its pages were read with.

    Not a dependency of each page (``note_dependency``): Sphinx reads a page again on every
    build while a dependency is missing, and a site need not have a record.
    """
    record = Path(env.srcdir) / "verified.json"
    now = hashlib.sha256(record.read_bytes()).hexdigest() if record.is_file() else None
    if getattr(env, "primer_verified_record", "unknown") == now:
        return []
    env.primer_verified_record = now
    return [docname for docname in env.found_docs if lesson_script(env, docname)]


def write_code_hashes(app, exception) -> None:
    """``code.json``: each lesson's hash, as this build computed it from its sources."""
    if exception is not None or app.builder.format != "html":
        return
    scripts = sorted(gallery_folder(app.env).glob("*/*.py"))
    repo = Path(app.srcdir).parent
    hashes = {lesson_key(script): code_hash(script, repo) for script in scripts}
    target = Path(app.outdir) / "code.json"
    text = json.dumps({"lessons": hashes}, indent=1) + "\n"
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")


def setup(app):
    app.add_transform(ShowVerified)
    app.connect("env-get-outdated", reread_when_the_record_changes)
    app.connect("builder-inited", lambda app: keep_in_ui_catalog(app, UI_MESSAGES))
    app.connect("build-finished", write_code_hashes)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
