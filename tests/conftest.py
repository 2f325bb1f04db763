"""Shared fixtures: paths, the MNIST files, and small throwaway copies of the site."""

import contextlib
import os
import shutil
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"


def pytest_addoption(parser):
    parser.addoption(
        "--update-snippets",
        action="store_true",
        help="rewrite each snippet's recorded .out file with its current output",
    )


@pytest.fixture(scope="session")
def mnist_root():
    """A verified MNIST folder (provisioned once, as the docs build does)."""
    from mnist_data import ensure_mnist

    return ensure_mnist()


@contextlib.contextmanager
def redirect_fds(stream):
    """Send this process's (and its children's) stdout and stderr to ``stream``."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    os.dup2(stream.fileno(), 1)
    os.dup2(stream.fileno(), 2)
    try:
        yield
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        for fd, copy in zip((1, 2), saved):
            os.dup2(copy, fd)
            os.close(copy)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def make_tiny_site(tmp_path: Path) -> Path:
    """A two-page site with one gallery example, built by the real conf.py and extensions.

    Returns the ``docs`` folder; its translations say 你好 where the English says hello.
    """
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("conf.py", "_ext", "_templates", "_static"):
        source = DOCS / name
        copy = shutil.copytree if source.is_dir() else shutil.copy
        copy(source, docs / name)
    write(
        docs / "index.md",
        """
        # Tiny site

        ```{toctree}
        page
        examples/index
        ```
        """,
    )
    write(
        docs / "page.md",
        """
        ---
        file_format: mystnb
        kernelspec:
          name: python3
          display_name: Python 3
          language: python
        ---

        # A MyST page

        Hello from a MyST page.

        ```{code-cell} ipython3
        import time

        print("cell ran at", time.time_ns())
        ```
        """,
    )
    write(tmp_path / "gallery" / "README.rst", "Examples\n========\n\nAll examples.\n")
    write(tmp_path / "gallery" / "01-demo" / "README.rst", "Demo\n----\n\nOne example.\n")
    write(
        tmp_path / "gallery" / "01-demo" / "01_hello.py",
        '''
        """
        Hello gallery
        =============

        Hello from a gallery example.
        """

        # %%
        # A text cell.
        import time

        print("example ran at", time.time_ns())
        ''',
    )
    messages = docs / "locales" / "zh_CN" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    shutil.copy(DOCS / "locales" / "zh_CN" / "LC_MESSAGES" / "sphinx.po", messages)  # the UI's
    write(
        messages / "page.po",
        """
        msgid "Hello from a MyST page."
        msgstr "来自 MyST 页面的你好。"
        """,
    )
    write(
        messages / "examples" / "01-demo" / "01_hello.po",
        """
        msgid "Hello from a gallery example."
        msgstr "来自示例库的你好。"
        """,
    )
    return docs


@pytest.fixture
def tiny_site(tmp_path):
    return make_tiny_site(tmp_path)
