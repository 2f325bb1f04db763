"""Tasks for PyTorch Primer: ``nox -s docs``, ``nox -s tests``, ``nox -s lint``, ``nox -s gettext``,
``nox -s bench``.

Arguments after ``--`` pass through: to sphinx-build for ``docs``, to pytest for ``tests``,
to ``benchmarks/mnist.py`` for ``bench``.
"""

import nox

nox.needs_version = ">=2024.3.2"
nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_venv = "yes"  # a second run keeps the installed torch

PYTHON = "3.11"
BUILD_SITE = "tools/build_site.py"


def install_requirements(session: nox.Session) -> None:
    session.install("-r", "requirements.txt")


@nox.session(python=PYTHON)
def docs(session: nox.Session) -> None:
    """Build the whole site, both languages, examples executed: docs/_build/html."""
    install_requirements(session)
    session.run("python", BUILD_SITE, "html", *session.posargs)


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Run the test suite (it builds the site first, reusing whatever is already built)."""
    install_requirements(session)
    session.run("python", BUILD_SITE, "html")
    session.run("pytest", *session.posargs)


@nox.session(python=PYTHON, default=False)
def gettext(session: nox.Session) -> None:
    """Regenerate the .pot files and update the zh_CN .po catalogs (nothing is executed)."""
    install_requirements(session)
    session.run("python", BUILD_SITE, "gettext")


@nox.session(python=PYTHON, default=False)
def bench(session: nox.Session) -> None:
    """Train the site's MNIST CNN and the notes' recipes side by side; print the table.

    ``nox -s bench -- --only site note-cnn`` picks recipes; the docs build is measured by
    ``python benchmarks/docs_build.py``.
    """
    install_requirements(session)
    session.run("python", "benchmarks/mnist.py", *session.posargs)


@nox.session(python=PYTHON, default=False)
def lint(session: nox.Session) -> None:
    """Lint and format-check the code, spell-check, lint the reST (as pre-commit does)."""
    session.install("ruff==0.17.5", "codespell==2.4.3", "sphinx-lint==1.0.2")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("codespell", "README.md", "CONTRIBUTING.md", "docs", "gallery", "snippets", "tests")
    session.run("sphinx-lint", "gallery")


if __name__ == "__main__":
    nox.main()
