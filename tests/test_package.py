"""The build, data and check code is one package, ``primer`` (src/primer): what the tree and
the tests hold to (CONTRIBUTING.md, "The code")."""

from __future__ import annotations

import importlib
import os
import pkgutil
import re
import shutil
import subprocess
import sys
import tomllib

import pytest
from helpers.project import REPO

import primer
import primer.sphinxext
import primer.upstream

#: Python files of the project (generated and installed files aside).
SOURCES = sorted(
    path
    for folder in ("src", "tests", "benchmarks", "docs", "gallery", "snippets")
    for path in (REPO / folder).rglob("*.py")
    if not {"_build", "examples"} & set(path.relative_to(REPO).parts[:2])
) + [REPO / "noxfile.py"]


def modules_of(package) -> list[str]:
    return [info.name for info in pkgutil.iter_modules(package.__path__, f"{package.__name__}.")]


def test_every_extension_module_is_loaded_by_the_one_name():
    """Each module of primer.sphinxext and primer.upstream that is a Sphinx extension (it has
    ``setup``) is in primer.sphinxext.EXTENSIONS, which conf.py loads as "primer.sphinxext"."""
    extensions = {
        name
        for name in modules_of(primer.sphinxext) + modules_of(primer.upstream)
        if hasattr(importlib.import_module(name), "setup")
    }
    assert extensions == set(primer.sphinxext.EXTENSIONS)
    conf = (REPO / "docs" / "conf.py").read_text(encoding="utf-8")
    assert (
        '"primer.sphinxext"' in conf
        and "primer.sphinxext." not in conf.split("extensions")[1][:600]
    )


def test_every_upstream_workaround_has_a_sentinel():
    sentinels = (REPO / "tests" / "test_upstream.py").read_text(encoding="utf-8")
    missing = [name for name in modules_of(primer.upstream) if name not in sentinels]
    assert not missing, f"no sentinel in tests/test_upstream.py names {missing}"


def test_no_file_edits_sys_path():
    """The package is installed; nothing reaches code by adding folders to ``sys.path``."""
    edit = re.compile(r"sys\.path\.(insert|append|extend)\(|sys\.path\[:0\]|sys\.path \+=")
    found = [
        f"{path.relative_to(REPO)}:{number}"
        for path in SOURCES
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if edit.search(line)
    ]
    assert SOURCES and not found, found
    pytest_options = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["pytest"]
    assert "pythonpath" not in pytest_options["ini_options"]


def test_benchmarks_import_the_package_not_the_tests():
    imports_tests = re.compile(r"^\s*(from|import) (helpers|conftest|test_)", re.M)
    found = [
        str(path.relative_to(REPO))
        for path in (REPO / "benchmarks").rglob("*.py")
        if imports_tests.search(path.read_text(encoding="utf-8"))
    ]
    assert not found, found


def test_the_package_works_where_it_is_used_from_the_checkout():
    """Installed editable (as nox installs it in .nox/site), the package finds this checkout."""
    assert REPO.resolve() == primer.REPO


@pytest.mark.slow
def test_a_plain_install_in_a_target_folder_finds_the_checkout(tmp_path):
    """``--system-torch`` installs the package plainly into a folder read through PYTHONPATH
    (no .pth file is read there); nox then names the checkout in $PRIMER_REPO."""
    if shutil.which("uv") is None:
        pytest.skip("needs uv to install into a target folder")
    target = tmp_path / "target"
    subprocess.run(
        ["uv", "pip", "install", "--quiet", "--python", sys.executable, "--target",
         str(target), str(REPO)],
        check=True,
    )  # fmt: skip
    assert not list(target.glob("*.pth")), "a plain install, not an editable one"
    left = [p for p in [REPO / "build", *REPO.glob("src/*.egg-info")] if p.exists()]
    assert not left, f"building the package left {left} in the checkout"
    program = (
        "import importlib, pkgutil, primer\n"
        "names = [m.name for m in pkgutil.walk_packages(primer.__path__, 'primer.')]\n"
        "for name in names: importlib.import_module(name)\n"
        "print(primer.REPO, primer.__file__, len(names))"
    )
    run = subprocess.run(
        [sys.executable, "-c", program], cwd=tmp_path, capture_output=True, text=True,
        env={**os.environ, "PYTHONPATH": str(target), "PRIMER_REPO": str(REPO)},
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    repo, location, count = run.stdout.split()
    in_source = [
        path for path in (REPO / "src" / "primer").rglob("*.py") if path.stem != "__init__"
    ]
    in_source += [path.parent for path in (REPO / "src" / "primer").glob("*/__init__.py")]
    assert int(count) == len(in_source), "the installed package lacks modules of src/primer"
    assert repo == str(REPO.resolve()) and location.startswith(str(target))


def test_git_ignores_no_file_of_the_package():
    """A pattern of .gitignore meant for the checkout's top (``data/``, ``build/``) must not
    hide a folder of the package: a fresh clone, and a wheel (hatchling reads .gitignore),
    would lack it."""
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("not a git checkout")
    ignored = subprocess.run(
        ["git", "ls-files", "--others", "--ignored", "--exclude-standard", "src"],
        cwd=REPO, capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    ignored = [path for path in ignored if "__pycache__" not in path]
    assert not ignored, f"git ignores {ignored}: anchor the pattern that hides them (/data/)"
