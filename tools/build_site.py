"""Build the bilingual site, or refresh the translation catalogs.

``python tools/build_site.py html [SPHINX ARGS...]``
    Provision MNIST, build every language into ``docs/_build/staging/<lang>``, and only
    when all of them succeed publish them to ``docs/_build/html/<lang>`` together with a
    root ``index.html`` that picks the reader's language; publishing copies only the files
    that changed. A failed build leaves the previously published site untouched. The en
    build executes the examples; zh_CN reuses those executions (Sphinx-Gallery's checksums,
    myst-nb's shared cache). A rebuild with nothing changed writes no page and runs nothing.

``python tools/build_site.py gettext``
    Extract messages into ``docs/_build/gettext`` without executing anything, then update
    ``docs/locales/zh_CN/LC_MESSAGES/*.po`` with sphinx-intl.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from mnist_data import MNISTUnavailable, ensure_mnist
from sphinx_languages import FAILED

DOCS = Path(__file__).resolve().parents[1] / "docs"
LANGUAGES = ("en", "zh_CN")
STRICT = ("-n", "-W", "--keep-going")


def sphinx(builder: str, outdirs: dict[str, Path], srcdir: Path, *args: str) -> None:
    """Run sphinx-build for each language (``{language: output folder}``), in order, in one
    process (tools/sphinx_languages.py); raise ``SystemExit`` naming the language that fails."""
    builds = [
        (language, [
            "-b", builder, *STRICT,
            "-D", f"language={language}",
            "-d", str(srcdir / "_build" / "doctrees" / builder / language),
            str(srcdir), str(outdir), *args,
        ])
        for language, outdir in outdirs.items()
    ]  # fmt: skip
    runner = Path(__file__).with_name("sphinx_languages.py")
    status = subprocess.run([sys.executable, str(runner), json.dumps(builds)], cwd=srcdir)
    if status.returncode != 0:
        failed = status.returncode - FAILED
        language = builds[failed][0] if 0 <= failed < len(builds) else "/".join(outdirs)
        raise SystemExit(
            f"The {language} build failed; the message above names the file. "
            f"The published site in {srcdir / '_build' / 'html'} was left as it was."
        )


def publish(staging: Path, html: Path, root_pages: Path, languages=LANGUAGES) -> list[Path]:
    """Bring the published site up to date with the staged build, language by language, and
    copy the site-wide pages (language choice, 404) from ``root_pages`` to the site root.

    Only files that are new or changed are copied, each replacing its old version at once;
    files the build no longer has are removed. Returns the published paths that changed.
    """
    html.mkdir(parents=True, exist_ok=True)
    changed = []
    for language in languages:
        changed += mirror(staging / language, html / language)
    for page in sorted(path for path in root_pages.glob("*") if path.is_file()):
        changed += update_file(page, html / page.name)
    return changed


def mirror(source: Path, target: Path) -> list[Path]:
    """Make the folder ``target`` hold exactly the files of ``source``; return what changed."""
    wanted = files_in(source)
    changed = [target / name for name in sorted(files_in(target) - wanted)]
    for path in changed:
        path.unlink()
    remove_empty_folders(target)
    for name in sorted(wanted):
        changed += update_file(source / name, target / name)
    return changed


def files_in(folder: Path) -> set[Path]:
    """The files below ``folder``, relative to it (none when it does not exist)."""
    return {path.relative_to(folder) for path in folder.rglob("*") if not path.is_dir()}


def update_file(source: Path, target: Path) -> list[Path]:
    """Copy ``source`` to ``target`` unless it holds the same bytes: ``[target]`` if copied.

    Same size and modification time count as the same file (it was copied with its time);
    otherwise the bytes are compared, since Sphinx rewrites some files unchanged.
    """
    if target.is_file() and filecmp.cmp(source, target, shallow=True):
        return []
    if target.is_dir():
        shutil.rmtree(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    shutil.copy2(source, partial)
    os.replace(partial, target)
    return [target]


def remove_empty_folders(folder: Path) -> None:
    for path in sorted(folder.rglob("*"), reverse=True):  # children before their parents
        if path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def build_html(
    sphinx_args=(), docs: Path = DOCS, provision: bool = True, languages=LANGUAGES
) -> Path:
    """Build every language of the site in ``docs``; return the published folder."""
    if provision:
        try:
            ensure_mnist()
        except MNISTUnavailable as error:
            raise SystemExit(str(error)) from None
    staging = docs / "_build" / "staging"
    sphinx("html", {language: staging / language for language in languages}, docs, *sphinx_args)
    html = docs / "_build" / "html"
    changed = publish(staging, html, docs / "_root", languages)
    print(f"\nPublished: {len(changed)} files added, changed or removed.")
    print(f"\nSite ready: {html} (preview: python -m http.server -d {html})")
    return html


def copy_sources(destination: Path, docs: Path = DOCS) -> Path:
    """Copy the sources (no build outputs) so gettext cannot touch the real build, with the
    tools and requirement files that conf.py reads."""
    ignore = shutil.ignore_patterns("_build", "examples", "locales", "__pycache__")
    for folder in ("docs", "gallery", "snippets", "tools"):
        if (docs.parent / folder).exists():
            shutil.copytree(docs.parent / folder, destination / folder, ignore=ignore)
    for requirements in docs.parent.glob("requirements*.txt"):
        shutil.copy(requirements, destination)
    return destination / "docs"


def extract_messages(pot_dir: Path, docs: Path = DOCS) -> Path:
    """Write the .pot files of ``docs`` to ``pot_dir`` without executing anything."""
    shutil.rmtree(pot_dir, ignore_errors=True)
    with tempfile.TemporaryDirectory() as scratch:
        # The gallery is rendered without running it, in a scratch copy of the sources:
        # rendering it in place would overwrite the executed pages.
        srcdir = copy_sources(Path(scratch), docs)
        sphinx(
            "gettext", {"en": pot_dir}, srcdir,
            "-D", "plot_gallery=0", "-D", "nb_execution_mode=off",
        )  # fmt: skip
    return pot_dir


def update_catalogs(docs: Path = DOCS) -> None:
    pot_dir = extract_messages(docs / "_build" / "gettext", docs)
    command = [
        sys.executable, "-m", "sphinx_intl", "update",
        "-p", str(pot_dir), "-d", str(docs / "locales"), "-l", "zh_CN", "-w", "0",
    ]  # fmt: skip
    subprocess.run(command, check=True)
    remove_orphan_catalogs(pot_dir, docs / "locales" / "zh_CN" / "LC_MESSAGES")
    print("Catalogs updated. Now translate every empty or fuzzy msgstr (see CONTRIBUTING.md).")


def missing_translations(docs: Path = DOCS) -> list[str]:
    """Every current source message without a finished zh_CN translation, as readable lines.

    Messages are extracted afresh from the sources, so a paragraph added since the last
    ``gettext`` run is reported too, with the catalog it belongs in.
    """
    from babel.messages.pofile import read_po

    po_dir = docs / "locales" / "zh_CN" / "LC_MESSAGES"
    with tempfile.TemporaryDirectory() as scratch:
        pot_dir = extract_messages(Path(scratch) / "gettext", docs)
        problems = []
        for pot in sorted(pot_dir.rglob("*.pot")):
            po = po_dir / pot.relative_to(pot_dir).with_suffix(".po")
            translated = {}
            if po.exists():
                with open(po, "rb") as stream:
                    translated = {m.id: m for m in read_po(stream) if m.id}
            with open(pot, "rb") as stream:
                for message in read_po(stream):
                    found = translated.get(message.id)
                    if not message.id or (found and found.string and not found.fuzzy):
                        continue
                    state = "fuzzy" if found and found.fuzzy else "untranslated"
                    problems.append(f"{po.relative_to(docs)}: {state}: {message.id!r}")
    return problems


def remove_orphan_catalogs(pot_dir: Path, po_dir: Path) -> None:
    """Delete the catalogs of pages that no longer exist."""
    for po in po_dir.rglob("*.po"):
        if not (pot_dir / po.relative_to(po_dir).with_suffix(".pot")).exists():
            print(f"removing {po} (its page is gone)")
            po.unlink()


def parse(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    """``COMMAND [--docs DIR] [SPHINX ARGS...]``: unknown options go to sphinx-build."""
    parser = argparse.ArgumentParser(prog="build_site.py", description=__doc__.split("\n")[0])
    parser.add_argument("command", nargs="?", default="html", choices=("html", "gettext"))
    parser.add_argument("--docs", type=Path, default=DOCS, help="the Sphinx source folder")
    parser.add_argument(
        "--languages", nargs="+", choices=LANGUAGES, default=LANGUAGES,
        help="build and publish only these (the first one executes the examples)",
    )  # fmt: skip
    return parser.parse_known_args(argv)


def main(argv: list[str]) -> None:
    options, sphinx_args = parse(argv)
    if options.command == "html":
        build_html(sphinx_args, docs=options.docs.resolve(), languages=options.languages)
    else:
        update_catalogs(docs=options.docs.resolve())


if __name__ == "__main__":
    main(sys.argv[1:])
