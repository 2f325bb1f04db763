"""Build the bilingual site, or refresh the translation catalogs.

``python -m primer.build.site html [SPHINX ARGS...]``
    Provision MNIST, build every language into ``docs/_build/staging/<lang>``, and only
    when all of them succeed publish them to ``docs/_build/html/<lang>`` together with a
    root ``index.html`` that picks the reader's language; publishing copies only the files
    that changed. A failed build leaves the previously published site untouched. The
    languages build at once, in two processes that share the executing
    (``primer.build.handoff``): en executes the examples while zh_CN executes the MyST pages,
    and each reuses the other's (Sphinx-Gallery's checksums, myst-nb's shared cache). A
    rebuild with nothing changed writes no page and runs nothing.

``python -m primer.build.site html NAME...``
    The same, executing the named examples again (``03_mnist_cnn``, or a path to the file)
    even if unchanged; the others run only if their source changed.

``python -m primer.build.site html --shard K/N``
    Execute shard K of N, English only, in a scratch copy of the sources: a share of the
    examples balanced by their recorded run times, the MyST pages in one shard. What it
    executed is kept in ``docs/_build/shard-K-of-N``.

``python -m primer.build.site html --merge DIR...``
    Put the shards' executions in place, then build every language executing nothing.

``python -m primer.build.site preview [--language zh_CN] [SPHINX-AUTOBUILD ARGS...]``
    Serve one language at http://127.0.0.1:8000 and rebuild what changed on every save,
    reloading the browser (sphinx-autobuild). It shares the html build's environment, so it
    executes only what changed since.

``python -m primer.build.site gettext``
    Extract messages into ``docs/_build/gettext`` without executing anything, then update
    ``docs/locales/zh_CN/LC_MESSAGES/*.po`` with sphinx-intl.
"""

from __future__ import annotations

import argparse
import contextlib
import filecmp
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from primer import REPO
from primer.build import handoff, math_svg
from primer.build.examples import (
    EXECUTE,
    MYST_PAGES,
    UnknownExample,
    examples,
    generated_files,
    parse_shard,
    select,
    shard_jobs,
    stale_examples,
    take_names,
)
from primer.data.mnist import MNISTUnavailable, ensure_mnist
from primer.upstream.removed_examples import remove_outputs_of_removed_examples

DOCS = REPO / "docs"
LANGUAGES = ("en", "zh_CN")
STRICT = ("-n", "-W", "--keep-going")


def sphinx_options(builder: str, language: str, srcdir: Path) -> list[str]:
    """What every build of ``srcdir`` in ``language`` passes to Sphinx: one environment for
    each builder and language, kept between builds."""
    doctrees = srcdir / "_build" / "doctrees" / builder / language
    return ["-b", builder, *STRICT, "-D", f"language={language}", "-d", str(doctrees)]


def sphinx(builder: str, outdirs: dict[str, Path], srcdir: Path, *args: str, environ=None) -> None:
    """Run sphinx-build for each language (``{language: output folder}``), all at once, each
    in a process of its own (``primer.build.sphinx_languages``); raise ``SystemExit`` naming
    the language that fails, once every build has ended or been stopped.

    Two languages share the executing (``primer.build.handoff``): the first executes the
    examples, the second the MyST pages. The first one's output is shown as it comes; the
    second's when it ends.
    """
    if len(outdirs) > len(HANDOFF_ROLES):
        raise ValueError(f"{len(outdirs)} languages: at most {len(HANDOFF_ROLES)} build at once")
    if builder == "html":
        install_math()
    environ = dict(os.environ if environ is None else environ)
    with (
        tempfile.TemporaryDirectory(prefix="primer-handoff-") as folder,
        contextlib.ExitStack() as logs,
    ):
        if len(outdirs) > 1:
            environ[handoff.FOLDER] = folder
        builds = {}
        try:
            for language, role in zip(outdirs, HANDOFF_ROLES[: len(outdirs)], strict=True):
                args_of = [*sphinx_options(builder, language, srcdir), srcdir, outdirs[language]]
                # The first build's output is shown as it comes, the others' when they end.
                log = logs.enter_context(tempfile.TemporaryFile()) if builds else None
                environ_of = {**environ, handoff.ROLE: role}
                process = start_build(language, [*args_of, *args], srcdir, environ_of, log)
                builds[language] = process, log
            failed = first_failure({language: process for language, (process, _) in builds.items()})
        finally:
            for process, _ in builds.values():
                stop(process)
        for _, log in builds.values():
            if log is not None:
                show(log)
    if failed:
        raise SystemExit(
            f"The {failed} build failed; the message above names the file. "
            f"The published site in {srcdir / '_build' / 'html'} was left as it was."
        )


def install_math() -> None:
    """MathJax in tools/math, to typeset formulas at build time; or say why it cannot be."""
    if reason := math_svg.install():
        print(math_svg.fallback_note(reason))


def start_build(language: str, args: list, srcdir: Path, environ: dict, log) -> subprocess.Popen:
    """One language's sphinx-build in a process (and process group) of its own, its output
    to ``log`` (a file) or, when ``None``, to this process's."""
    command = [sys.executable, "-m", "primer.build.sphinx_languages",
               json.dumps([(language, [str(arg) for arg in args])])]  # fmt: skip
    return subprocess.Popen(
        command, cwd=srcdir, env=environ, stdout=log,
        stderr=subprocess.STDOUT if log else None, start_new_session=True,
    )  # fmt: skip


#: What each language's build does in the hand-off, in the order of ``LANGUAGES``.
HANDOFF_ROLES = (handoff.LEADER, handoff.FOLLOWER)


def show(log) -> None:
    """Copy a build's saved output to this process's standard output, as the build itself
    would have written it (to the file descriptor, which callers may redirect)."""
    log.seek(0)
    sys.stdout.flush()
    with os.fdopen(os.dup(sys.__stdout__.fileno()), "wb") as out:
        shutil.copyfileobj(log, out)


def first_failure(processes: dict[str, subprocess.Popen]) -> str | None:
    """Wait for every process; the name of the first that ends with an error, the others
    then stopped, or ``None`` when all succeed."""
    running = dict(processes)
    while running:
        for name, process in list(running.items()):
            status = process.poll()
            if status is None:
                continue
            del running[name]
            if status != 0:
                return name
        time.sleep(0.1)
    return None


def stop(process: subprocess.Popen) -> None:
    """End ``process`` and what it started (a notebook's kernel, torchrun) if still running."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


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


def provision_mnist() -> Path:
    try:
        return ensure_mnist()
    except MNISTUnavailable as error:
        raise SystemExit(str(error)) from None


def build_html(
    sphinx_args=(), docs: Path = DOCS, provision: bool = True, languages=LANGUAGES, execute=()
) -> Path:
    """Build every language of the site in ``docs``, executing the examples named in
    ``execute`` again; return the published folder."""
    if provision:
        provision_mnist()
    if execute:
        execute_again(execute, docs)
    staging = docs / "_build" / "staging"
    if removed := remove_outputs_of_removed_examples(docs):
        print(
            f"Removed {len(removed)} generated files of examples that are gone; every page is "
            "written again so that their pages leave the site."
        )
        shutil.rmtree(staging, ignore_errors=True)
    sphinx("html", {language: staging / language for language in languages}, docs, *sphinx_args)
    html = docs / "_build" / "html"
    changed = publish(staging, html, docs / "_root", languages)
    print(f"\nPublished: {len(changed)} files added, changed or removed.")
    print(f"\nSite ready: {html} (preview: python -m http.server -d {html})")
    return html


def preview(language: str, autobuild_args=(), docs: Path = DOCS) -> None:
    """Serve ``language`` with sphinx-autobuild until Ctrl+C: every saved change to the
    sources, the gallery or the snippets rebuilds what it affects and reloads the browser.

    It builds into the html build's staging folder with its environment and options (a
    warning is listed and the pages are still written), so it starts from what the last
    build left and executes an example or MyST page only when it changed. The build's own
    outputs are not watched, or each build would start the next.
    """
    provision_mnist()
    install_math()
    outputs = ("_build", "examples", "jupyter_execute")
    command = [
        sys.executable, "-m", "sphinx_autobuild", *sphinx_options("html", language, docs),
        "--watch", str(docs.parent / "gallery"), "--watch", str(docs.parent / "snippets"),
        *(f"--ignore={docs / folder}" for folder in outputs),
        r"--re-ignore=(\.mo|\.pyc|~)$",  # catalogs compiled by the build, caches, backups
        *autobuild_args, str(docs), str(docs / "_build" / "staging" / language),
    ]  # fmt: skip
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl+C: sphinx-autobuild stops too
        subprocess.run(command, cwd=docs)


def execute_again(names: list[str], docs: Path) -> None:
    """Have Sphinx-Gallery execute these examples in the next build even if unchanged: it
    executes an example whose checksum is missing. The other examples keep their outputs."""
    for name in names:
        (docs / "examples" / f"{name}.py.md5").unlink(missing_ok=True)
    print(f"Executing again: {', '.join(names)}", flush=True)
    changed = [name for name in stale_examples(docs) if name not in names]
    if changed:
        print(f"Executing too, their source having changed: {', '.join(changed)}", flush=True)


# -- Shards: the execution split among machines, then merged -----------------------------------


def build_shard(number: int, count: int, docs: Path = DOCS, provision: bool = True) -> Path:
    """Execute shard ``number`` of ``count`` in English, in a scratch copy of the sources, and
    keep what it executed in ``docs/_build/shard-K-of-N`` (returned) for :func:`merge_shards`.

    Its examples are those the split gives it (``primer.build.examples``); the others are
    only rendered. The MyST pages execute in one shard only; the others render them unexecuted.
    """
    jobs = shard_jobs(number, count, docs)
    run = [job for job in jobs if job != MYST_PAGES]
    print(f"Shard {number}/{count} executes: {', '.join(jobs) or 'nothing'}", flush=True)
    destination = docs / "_build" / f"shard-{number}-of-{count}"
    shutil.rmtree(destination, ignore_errors=True)
    environ = {**os.environ, EXECUTE: "\n".join(run)}
    if provision:
        environ["PRIMER_DATA"] = str(provision_mnist())
    notebooks = () if MYST_PAGES in jobs else ("-D", "nb_execution_mode=off")
    with tempfile.TemporaryDirectory() as scratch:
        srcdir = copy_sources(Path(scratch), docs)
        # The dummy builder reads every page, executing as the html one does, and writes none.
        outdir = {"en": srcdir / "_build" / "dummy"}
        sphinx("dummy", outdir, srcdir, *notebooks, environ=environ)
        for example in run:
            for path in generated_files(example, srcdir / "examples"):
                update_file(path, destination / path.relative_to(srcdir))
        cache = srcdir / "_build" / ".jupyter_cache"
        if MYST_PAGES in jobs and cache.is_dir():
            shutil.copytree(cache, destination / ".jupyter_cache")
    destination.mkdir(parents=True, exist_ok=True)
    (destination / "shard.json").write_text(json.dumps({"jobs": jobs}, indent=1) + "\n")
    print(f"\nShard {number}/{count} kept its executions in {destination}")
    return destination


def merge_shards(folders: list[Path], docs: Path = DOCS) -> None:
    """Put the executions that the shards in ``folders`` kept where the build reuses them:
    Sphinx-Gallery's outputs in ``docs/examples``, myst-nb's cache in ``docs/_build``.

    Stops, naming them, when the shards leave out or repeat a job, or when an example's
    source changed since its shard ran: the build would execute it again.
    """
    jobs = [job for folder in folders for job in shard_manifest(folder)["jobs"]]
    expected = [*examples(docs.parent / "gallery"), MYST_PAGES]
    missing = [job for job in expected if job not in jobs]
    repeated = sorted({job for job in jobs if jobs.count(job) > 1})
    if missing or repeated:
        raise SystemExit(
            f"The shards in {', '.join(map(str, folders))} do not execute every job once "
            f"(missing: {missing or 'none'}; repeated: {repeated or 'none'}). Build every "
            "shard K/N of one N from the same sources, then merge all of them."
        )
    for folder in folders:
        for name in sorted(files_in(folder / "examples")):
            update_file(folder / "examples" / name, docs / "examples" / name)
        if (folder / ".jupyter_cache").is_dir():
            merge_notebook_cache(folder / ".jupyter_cache", docs / "_build" / ".jupyter_cache")
    stale = stale_examples(docs)
    if stale:
        raise SystemExit(
            f"The shards ran another version of {', '.join(stale)} than gallery/ holds: "
            "build the shards again from these sources."
        )


def shard_manifest(folder: Path) -> dict:
    try:
        return json.loads((folder / "shard.json").read_text())
    except OSError:
        raise SystemExit(
            f"--merge {folder}: no shard.json there; name the folders that "
            "`build_site.py html --shard K/N` wrote (docs/_build/shard-K-of-N)."
        ) from None


def merge_notebook_cache(source: Path, target: Path) -> None:
    """Add every execution in the jupyter-cache ``source`` to the one in ``target``."""
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    shard, merged = get_cache(source), get_cache(target)
    for record in shard.list_cache_records():
        bundle = shard.get_cache_bundle(record.pk)
        merged.cache_notebook_bundle(
            CacheBundleIn(bundle.nb, record.uri, artifacts=bundle.artifacts, data=record.data),
            check_validity=False,
            overwrite=True,
        )


def copy_sources(destination: Path, docs: Path = DOCS) -> Path:
    """Copy the sources (no build outputs) so that a build there (gettext, a shard) cannot
    touch the real one, with the tools and requirement files that conf.py reads."""
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


def shard(text: str) -> tuple[int, int]:
    try:
        return parse_shard(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def parse(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    """``COMMAND [--docs DIR] [--shard K/N | --merge DIR...] [EXAMPLE...] [SPHINX ARGS...]``:
    words that are not options name examples; unknown options go to sphinx-build."""
    parser = argparse.ArgumentParser(prog="build_site.py", description=__doc__.split("\n")[0])
    parser.add_argument(
        "command", nargs="?", default="html", choices=("html", "preview", "gettext")
    )
    parser.add_argument("--docs", type=Path, default=DOCS, help="the Sphinx source folder")
    parser.add_argument(
        "--languages",
        nargs="+",
        choices=LANGUAGES,
        default=LANGUAGES,
        help="build and publish only these (the first one executes the examples)",
    )
    parser.add_argument(
        "--language", choices=LANGUAGES, default="en", help="the language to preview",
    )  # fmt: skip
    sharding = parser.add_mutually_exclusive_group()
    sharding.add_argument("--shard", type=shard, metavar="K/N", help="execute shard K of N")
    sharding.add_argument(
        "--merge", nargs="+", type=Path, metavar="DIR", help="build from these shards' outputs"
    )
    options, rest = parser.parse_known_args(argv)
    if options.command == "preview":  # the rest goes to sphinx-autobuild
        options.examples = []
        return options, rest
    options.examples, sphinx_args = take_names(rest)
    if options.examples and (options.shard or options.command == "gettext"):
        parser.error(f"{options.examples}: example names go with neither --shard nor gettext")
    return options, sphinx_args


def main(argv: list[str]) -> None:
    options, sphinx_args = parse(argv)
    docs = options.docs.resolve()
    if options.command == "gettext":
        update_catalogs(docs=docs)
    elif options.command == "preview":
        preview(options.language, sphinx_args, docs=docs)
    elif options.shard:
        build_shard(*options.shard, docs=docs)
    else:
        try:
            execute = select(options.examples, docs.parent / "gallery")
        except UnknownExample as error:
            raise SystemExit(str(error)) from None
        if options.merge:
            merge_shards(options.merge, docs=docs)
        build_html(sphinx_args, docs=docs, languages=options.languages, execute=execute)


if __name__ == "__main__":
    main(sys.argv[1:])
