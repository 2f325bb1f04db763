"""Tasks for PyTorch Primer: ``nox -s docs``, ``nox -s preview``, ``nox -s tests``,
``nox -s compat``, ``nox -s lint``, ``nox -s gettext``, ``nox -s wheelhouse``, ``nox -s bench``,
``nox -s inventory``.

Arguments after ``--``: each session first takes out the options it knows, written
``--name=value`` or ``--name value`` (``docs`` and ``tests`` know ``--system-torch[=PYTHON]``
and ``--wheelhouse=DIR``); everything else passes through unchanged: to
``primer.build.site`` for ``docs`` (example names, ``--shard``, ``--merge``, sphinx-build
options) and ``preview`` (``--language``, sphinx-autobuild options), to pytest for
``tests``, to ``primer.build.wheelhouse`` for ``wheelhouse``, to ``benchmarks/mnist.py`` for
``bench`` (``bench -- build``: to ``benchmarks/docs_build.py``).
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
from pathlib import Path

import nox


def load_requirements_module():
    """``src/primer/build/requirements.py``, loaded by its path: nox runs outside the build's
    environment, where the ``primer`` package is installed, and needs only this one module."""
    path = Path(__file__).parent / "src" / "primer" / "build" / "requirements.py"
    spec = importlib.util.spec_from_file_location("primer_requirements", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_pinning = load_requirements_module()
SYSTEM_PACKAGES = _pinning.SYSTEM_PACKAGES
check_wheelhouse, install_from = _pinning.check_wheelhouse, _pinning.install_from
pins, system_torch, take_options = _pinning.pins, _pinning.system_torch, _pinning.take_options

nox.needs_version = ">=2024.3.2"
nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_venv = "yes"  # a second run keeps the installed torch
# Bytecode is written at install time (pip does by default, uv only when asked), so that no
# build or test pays for compiling torch's imports on every start: ``PYTHONDONTWRITEBYTECODE``,
# set on many machines, stops Python from caching it later.
os.environ.setdefault("UV_COMPILE_BYTECODE", "1")

PYTHON = "3.11"
REPO = Path(__file__).parent.resolve()
SITE_ENV = REPO / ".nox" / "site"  # shared by docs, tests, preview, gettext, bench
BUILD_SITE = ("-m", "primer.build.site")  # the package is installed in the build's Python
PYPROJECT = REPO / "pyproject.toml"
REQUIREMENTS = REPO / "requirements.txt"
TEST_REQUIREMENTS = REPO / "requirements-tests.txt"
FLOOR = REPO / "requirements-floor.txt"
#: Where each lesson last ran to the end; nox -s compat adds its runs (primer.check.verified).
VERIFIED = REPO / "docs" / "verified.json"
#: What executes the downloaded notebooks, pinned in requirements.txt: installed beside the
#: oldest versions too.
NOTEBOOK_RUNNER = ("ipykernel", "nbclient")


def session_options(session: nox.Session) -> tuple[dict, list[str]]:
    try:
        return take_options(session.posargs, {"--system-torch": "python3", "--wheelhouse": None})
    except ValueError as error:
        session.error(str(error))


def installer(python: str) -> list[str]:
    """The command that installs packages for ``python``: uv when present, else its pip."""
    if shutil.which("uv"):
        return ["uv", "pip", "install", "--quiet", "--python", python]
    return [python, "-m", "pip", "install", "--quiet"]


def site_environment(session: nox.Session) -> str:
    """The one virtual environment of ``docs``, ``tests``, ``gettext`` and ``bench``:
    ``.nox/site``, made on first use; returns its Python.

    Nox gives each session its own environment and has no way to share one
    (wntrblm/nox#167), so these sessions run without one (``venv_backend="none"``) and
    use this folder instead: the pinned torch is installed once, not once per session.
    """
    python = SITE_ENV / "bin" / "python"
    if not python.exists():
        if shutil.which("uv"):
            session.run("uv", "venv", "--quiet", "--python", PYTHON, str(SITE_ENV), external=True)
        else:
            base = shutil.which(f"python{PYTHON}")
            if base is None:
                session.error(f"Python {PYTHON} not found: install it, or install uv")
            session.run(base, "-m", "venv", str(SITE_ENV), external=True)
    return str(python)


def prepare(session: nox.Session, options: dict, extra: tuple[Path, ...] = ()) -> tuple[str, dict]:
    """Install what the build needs; return the Python to run it with and its environment.

    Without ``--system-torch``: everything pinned in requirements.txt (and ``extra``), in the
    shared environment. With it: everything but torch and torchvision, into a folder that the
    given interpreter reads through ``PYTHONPATH`` (that interpreter may itself be a virtual
    environment, whose packages a ``--system-site-packages`` environment would not see).
    """
    wheelhouse = options.get("--wheelhouse")
    env = {}
    if wheelhouse:
        env["PRIMER_MNIST_FILES"] = str(Path(wheelhouse, "mnist").resolve())
    interpreter = options.get("--system-torch")
    leave_out = SYSTEM_PACKAGES if interpreter else ()
    requirements = [pin for file in (REQUIREMENTS, *extra) for pin in pins(file, leave_out)]
    try:
        source = install_from(wheelhouse)
        if wheelhouse:
            check_wheelhouse(wheelhouse, requirements)
        if interpreter:
            session.log(f"--system-torch: {system_torch(interpreter)}")
    except SystemExit as stop:
        session.error(str(stop))
    if interpreter is None:
        python = site_environment(session)
        session.run(*installer(python), *source, *requirements, external=True)
        install_package_editable(session, python, source)
        return python, env
    # The rest goes to a folder that the interpreter reads, installed for that interpreter;
    # the package too, as a plain copy (a target folder reads no .pth file, which an editable
    # install needs), made again on every run so that it is never older than src/.
    target = Path(session.create_tmp()).resolve() / "system-torch-site"
    session.run(*installer(interpreter), "--target", str(target), "--upgrade", *source,
                *requirements, str(REPO), external=True)  # fmt: skip
    return interpreter, {**env, "PYTHONPATH": str(target), "PRIMER_REPO": str(REPO)}


def install_package_editable(session: nox.Session, python: str, source: list[str]) -> None:
    """Install the ``primer`` package (src/primer) editable into the build's environment, once
    per version of pyproject.toml: an editable install sees every change to src/ without
    being installed again, so a rebuild with nothing changed installs nothing."""
    marker = Path(python).parent.parent / "primer-package.sha256"
    digest = hashlib.sha256(PYPROJECT.read_bytes()).hexdigest()
    if marker.exists() and marker.read_text() == digest:
        return
    session.run(*installer(python), *source, "--editable", str(REPO), external=True)
    marker.write_text(digest)


@nox.session(venv_backend="none")
def docs(session: nox.Session) -> None:
    """Build the whole site, both languages, examples executed: docs/_build/html.

    ``--system-torch[=PYTHON]`` builds with the torch that PYTHON (default: python3) already
    has; ``--wheelhouse=DIR`` installs from DIR only (see ``nox -s wheelhouse``).
    ``nox -s docs -- 03_mnist_cnn`` executes that example again, changed or not;
    ``--shard K/N`` and ``--merge DIR...`` split the execution among machines (README.md).
    """
    options, sphinx_args = session_options(session)
    python, env = prepare(session, options)
    session.run(python, *BUILD_SITE, "html", *sphinx_args, env=env, external=True)


@nox.session(venv_backend="none", default=False)
def package(session: nox.Session) -> None:
    """Build the site (as ``nox -s docs``), then the copies to take away, into dist/: a wheel
    with both languages (``pip install`` it, then ``python -m pytorch_primer``) and a zip
    per language (src/primer/build/package.py). ``-- --version 2026.12.3.1`` sets the
    version (default: today's date)."""
    options, package_args = session_options(session)
    python, env = prepare(session, options)
    session.run(python, *BUILD_SITE, "html", env=env, external=True)
    session.run(python, "-m", "primer.build.package", *package_args, env=env, external=True)


@nox.session(venv_backend="none", default=False)
def pdf(session: nox.Session) -> None:
    """Build the site (as ``nox -s docs``), then print the course as one PDF per language
    into dist/ (src/primer/build/pdf.py: Chromium, through the Playwright that the tests
    use; fonts installed with npm ci in tools/pdf-fonts). ``-- --language zh_CN`` prints one
    language."""
    options, pdf_args = session_options(session)
    python, env = prepare(session, options, extra=(TEST_REQUIREMENTS,))
    session.run(python, *BUILD_SITE, "html", env=env, external=True)
    session.run(python, "-m", "primer.build.pdf", *pdf_args, env=env, external=True)


@nox.session(venv_backend="none", default=False)
def preview(session: nox.Session) -> None:
    """Serve the site at http://127.0.0.1:8000, rebuilding and reloading on every save
    (sphinx-autobuild): English, or ``-- --language zh_CN``; ``-- --port 8001`` and the other
    sphinx-autobuild options pass through. Ctrl+C stops it."""
    options, autobuild_args = session_options(session)
    python, env = prepare(session, options)
    session.run(python, *BUILD_SITE, "preview", *autobuild_args, env=env, external=True)


@nox.session(venv_backend="none")
def tests(session: nox.Session) -> None:
    """Run the test suite in the docs environment; the tests that read the site build it
    first (reusing whatever is already built), the others need no build."""
    options, pytest_args = session_options(session)
    python, env = prepare(session, options, extra=(TEST_REQUIREMENTS,))
    session.run(python, "-m", "pytest", *pytest_args, env=env, external=True)


BOTH_LANGUAGES = ("--language", "en", "--language", "zh_CN")


@nox.session(python=PYTHON, default=False)
@nox.parametrize("versions", ["floor", "pinned"])
def compat(session: nox.Session, versions: str) -> None:
    """Run every downloadable example as a reader would, on the oldest supported torch and on
    the pinned one (CPU): every ``.py`` download, every ``.ipynb`` executed in a kernel, and
    every snippet (the exercises' solutions among them), which must print its recording.
    The downloads of both languages run (their code is the same, their comments are not).
    Deprecation and future warnings are errors (``--strict-warnings``), naming the line of
    the lesson that used what is going away. Each lesson that ran to the end gets this run
    (torch version, device, date) in docs/verified.json, which its page shows: commit it.
    Then the install page's environment doctor runs offline in both languages
    (``primer.check.doctor``): its advice must name the sections that fix what it finds.

    Needs the built site (``nox -s docs``): it runs the downloads found there.
    """
    if versions == "floor":
        # the oldest versions, with the pinned kernel and notebook runner
        runner = [pin for pin in pins(REQUIREMENTS) if pin.split("==")[0] in NOTEBOOK_RUNNER]
        session.install(*pins(FLOOR), *runner, str(REPO))
    else:
        # the docs environment's versions, nbclient included, and the package that runs them
        session.install(*pins(REQUIREMENTS), str(REPO))
    session.run(
        "python", "-m", "primer.check.run_downloads", "--scripts", "--notebooks", "--snippets",
        *BOTH_LANGUAGES, "--strict-warnings", "--record", str(VERIFIED),
    )  # fmt: skip
    # The install page's environment doctor, offline, on this torch, in both languages.
    session.run("python", "-m", "primer.check.doctor")


@nox.session(python=PYTHON, default=False)
def wheelhouse(session: nox.Session) -> None:
    """Write every wheel the build needs except torch and torchvision, and the gzipped MNIST
    files, to one folder, for a build on a machine without network access.

    ``nox -s wheelhouse -- --python 3.12 --platform manylinux_2_28_x86_64 --dest wheelhouse``;
    then, on that machine: ``nox -s docs -- --system-torch --wheelhouse=wheelhouse``.
    """
    session.install("pip", str(REPO))
    session.run("python", "-m", "primer.build.wheelhouse", *session.posargs)


@nox.session(venv_backend="none", default=False)
def gettext(session: nox.Session) -> None:
    """Regenerate the .pot files and update the zh_CN .po catalogs (nothing is executed)."""
    python, env = prepare(session, {})
    session.run(python, *BUILD_SITE, "gettext", env=env, external=True)


@nox.session(venv_backend="none", default=False)
def bench(session: nox.Session) -> None:
    """Run the site's downloaded MNIST script and the seed recipes, alternating, as separate
    processes; print the table and write benchmarks/results/mnist.json (needs the built site).

    ``nox -s bench -- --runs 5 --only site seed-cnn``; ``nox -s bench -- build`` measures the
    docs build instead (benchmarks/docs_build.py, results/docs_build.json), and
    ``nox -s bench -- snippets`` the snippet tests' two ways of running a snippet
    (benchmarks/snippets.py, results/snippets.json), and ``nox -s bench -- study`` the
    faster-and-better page's experiment with ten seeds per row (benchmarks/study.py,
    results/faster_better_study.json), and ``nox -s bench -- chain`` that page's chain of
    changes with ten seeds, compared seed by seed (benchmarks/chain.py,
    results/faster_better_chain.json), and ``nox -s bench -- lighthouse`` Lighthouse's
    mobile scores of every lesson, the home page and search (benchmarks/lighthouse.py,
    results/lighthouse-*.json; installs Lighthouse 12.2.3 with npm ci).
    """
    python, env = prepare(session, {})
    others = {
        "build": "benchmarks/docs_build.py",
        "snippets": "benchmarks/snippets.py",
        "study": "benchmarks/study.py",
        "chain": "benchmarks/chain.py",
        "lighthouse": "benchmarks/lighthouse.py",
    }
    script, args = "benchmarks/mnist.py", session.posargs
    if args[:1] and args[0] in others:
        script, args = others[args[0]], args[1:]
    session.run(python, script, *args, env=env, external=True)


@nox.session(venv_backend="none", default=False)
def inventory(session: nox.Session) -> None:
    """Derive docs/inventories/torch.inv and torchvision.inv (the intersphinx inventories that
    link the examples' code to the PyTorch references) from the references' own sources:
    ``nox -s inventory -- --torch PYTORCH/docs/source --vision VISION/docs/source``, each a
    checkout's ``docs/source`` folder (src/primer/build/api_inventory.py)."""
    python, env = prepare(session, {})
    session.run(python, "-m", "primer.build.api_inventory", *session.posargs, env=env,
                external=True)  # fmt: skip


@nox.session(python=PYTHON, default=False)
def lint(session: nox.Session) -> None:
    """Run every pre-commit hook on every file: ruff, ruff format, codespell, sphinx-lint,
    whitespace and file-size checks (.pre-commit-config.yaml; tools from PyPI, pinned)."""
    session.install("pre-commit==4.7.0")
    session.run("pre-commit", "run", "--all-files", "--show-diff-on-failure", *session.posargs)


if __name__ == "__main__":
    nox.main()
