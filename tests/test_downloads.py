"""The downloads of every example (``.py``, ``.ipynb``, ``.zip``), in both languages: free of
reST, complete (snippet code inline), linking to pages that exist, and opened by Colab from
the path the deploy publishes. ``nox -s compat`` runs them; these tests read them."""

import ast
import io
import json
import os
import re
import tokenize
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import nbformat
import pytest
from helpers.pages import heading_text, ids_of
from helpers.project import EXAMPLES, REPO, REPOSITORY, SITE_URL, UNREACHABLE
from helpers.report import STATS

from primer.build.site import LANGUAGES
from primer.check.run_downloads import run_in_folder
from primer.i18n.zh_check import CJK
from primer.sphinxext.comments import docstring_messages, docstring_tokens

pytestmark = pytest.mark.site

REST = re.compile(r":[a-z]+:`|(?<!`)``(?!`)|^\.\. [\w-]+::|^\.\. _", re.M)
MARKDOWN_LINK = re.compile(r"\]\((?P<url>[^)\s]+)\)")
#: Where Colab opens a notebook of the published site (the gh-pages branch).
COLAB = f"https://colab.research.google.com/github/{REPOSITORY}/blob/gh-pages/"


def download(site, language: str, name: str) -> Path:
    matches = sorted((site.root / language / "_downloads").glob(f"*/{name}"))
    assert len(matches) == 1, f"{language}: {len(matches)} downloads named {name}"
    return matches[0]


def script_text(source: str) -> str:
    """The prose of a downloaded script: its docstring and its comments."""
    docstring = ast.get_docstring(ast.parse(source), clean=False) or ""
    comments = [line[1:] for line in source.splitlines() if line.startswith("#")]
    return docstring + "\n" + "\n".join(comments)


def notebook_text(notebook: dict) -> str:
    return "\n".join(
        "".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown"
    )


def code_cells(notebook: dict) -> list[str]:
    return ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"]


@pytest.fixture(scope="module", params=LANGUAGES)
def downloads(site, request):
    """``(language, {example stem: (script source, notebook)})`` for one language."""
    language = request.param
    found = {}
    for example in EXAMPLES:
        script = download(site, language, f"{example.stem}.py").read_text(encoding="utf-8")
        notebook = json.loads(download(site, language, f"{example.stem}.ipynb").read_text())
        found[example.stem] = (script, notebook)
    return language, found


def test_downloads_carry_no_rest(downloads):
    language, found = downloads
    problems = []
    for stem, (script, notebook) in found.items():
        for kind, text in (("py", script_text(script)), ("ipynb", notebook_text(notebook))):
            problems += [f"{language}/{stem}.{kind}: {m[0]!r}" for m in REST.finditer(text)]
    STATS["downloads checked for reST"] += 2 * len(found)
    assert not problems, "\n".join(problems)


def test_downloaded_scripts_are_valid_python_with_the_snippets_inline(downloads):
    _, found = downloads
    snippet = (REPO / "snippets" / "autograd" / "mean_of_squares.py").read_text().splitlines()
    included = "\n".join(snippet[2:]).strip()  # the page includes it from line 3
    for stem, (script, _notebook) in found.items():
        compile(script, stem, "exec")
    script, notebook = found["02_autograd"]
    assert included in script
    assert included in code_cells(notebook)
    assert "literalinclude" not in script


def test_notebooks_match_their_script(downloads):
    """The notebook's code cells are the script's code, in the same order."""
    _, found = downloads
    for stem, (script, notebook) in found.items():
        position = 0
        for cell in code_cells(notebook):
            position = script.find(cell, position)
            assert position >= 0, f"{stem}: notebook cell not in the script:\n{cell[:200]}"


def test_links_in_downloads_point_at_existing_pages_of_the_same_language(site, downloads):
    language, found = downloads
    checked = 0
    for stem, (script, notebook) in found.items():
        for text in (script_text(script), notebook_text(notebook)):
            for match in MARKDOWN_LINK.finditer(text):
                url = match["url"]
                if not url.startswith(SITE_URL):
                    continue
                parts = urlsplit(url)
                page = url[len(SITE_URL) :].split("#")[0]
                assert page.startswith(f"{language}/"), f"{stem}: {url} leaves {language}"
                assert (site.root / page).is_file(), f"{stem}: {url} names no page"
                if parts.fragment:
                    assert parts.fragment in ids_of(site.soup(page)), f"{stem}: {url}"
                checked += 1
    STATS[f"links in downloads checked ({language})"] = checked
    assert checked >= len(found)


def test_examples_that_read_mnist_say_how_to_get_it_in_the_page_language(downloads):
    language, found = downloads
    readers = [stem for stem, (script, _) in found.items() if "datasets.MNIST(" in script]
    assert len(readers) >= 4
    for stem in readers:
        script, notebook = found[stem]
        note = next(text for text in notebook_text(notebook).split("\n\n") if "MNIST" in text
                    and "install.html#get-mnist" in text)  # fmt: skip
        assert CJK.search(note) if language == "zh_CN" else "mirrors" in note
        first_load = next(cell for cell in code_cells(notebook) if "datasets.MNIST(" in cell)
        assert f"{language}/install.html#get-mnist" in first_load, stem  # the check comes first
        launcher_only = "IS_WORKER = " in script
        assert first_load.startswith("if not IS_WORKER:") == launcher_only, stem


def closed_port_proxy() -> dict[str, str]:
    """Environment variables that send every HTTP and HTTPS request to a closed local port,
    as a network that blocks torchvision's mirrors does (urllib, which torchvision uses,
    reads them)."""
    proxy = UNREACHABLE.rstrip("/")
    names = ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY")
    return {name: proxy for name in names}


def without_mnist(tmp_path: Path) -> dict[str, str]:
    """A reader's environment with no MNIST anywhere and torchvision's mirrors unreachable."""
    empty = tmp_path / "no-data"
    empty.mkdir()
    kept = {k: v for k, v in os.environ.items() if k.lower() not in ("no_proxy", "all_proxy")}
    return {**kept, **closed_port_proxy(), "PRIMER_DATA": str(empty), "MPLBACKEND": "Agg"}


def earliest_mnist_reader(found: dict) -> str:
    """The example that reaches its MNIST check after the fewest code cells (the quickest to
    run up to it), among those that read MNIST in their own process."""
    readers = {
        stem: next(i for i, cell in enumerate(code_cells(notebook)) if "get-mnist" in cell)
        for stem, (script, notebook) in found.items()
        if "datasets.MNIST(" in script and "IS_WORKER" not in script
    }
    return min(readers, key=readers.get)


def assert_names_the_install_section(site, language: str, message: str) -> None:
    """``message`` is in the page's language and ends with the install page's section on
    getting MNIST: its title as that page shows it, then its address on a line of its own."""
    section = site.soup(f"{language}/install.html").find(id="get-mnist")
    title = heading_text(section.find(["h2", "h3"]))
    text, _, url = message.rstrip().rpartition("\n")
    assert url == f"{SITE_URL}{language}/install.html#get-mnist", message
    assert f"“{title}”" in text, (title, message)
    without_title = text.replace(title, "")
    assert bool(CJK.search(without_title)) == (language == "zh_CN"), message


def test_a_script_without_mnist_ends_with_where_to_get_it(site, downloads, tmp_path):
    """The downloaded script, run where torchvision's mirrors cannot be reached, fails in its
    check with torchvision's own error as the cause, and its last words are the message."""
    language, found = downloads
    stem = earliest_mnist_reader(found)
    folder = tmp_path / stem
    folder.mkdir()
    script = folder / f"{stem}.py"
    script.write_text(found[stem][0], encoding="utf-8")
    run = run_in_folder(script, folder, without_mnist(tmp_path))
    assert run.returncode != 0, run.stdout
    assert "Error downloading" in run.stderr  # torchvision tried its mirrors and gave up
    last = run.stderr.rstrip().rpartition("RuntimeError: ")[2]
    assert_names_the_install_section(site, language, last)
    STATS[f"{language}: downloads run without MNIST"] += 1


def test_a_notebook_without_mnist_ends_with_where_to_get_it(site, downloads, tmp_path):
    """The same in a Jupyter kernel, as in Jupyter or Colab: the failing cell's error is
    the message."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    language, found = downloads
    stem = earliest_mnist_reader(found)
    notebook = nbformat.reads(json.dumps(found[stem][1]), as_version=4)
    client = NotebookClient(notebook, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}})  # fmt: skip
    with pytest.raises(CellExecutionError) as failed:
        client.execute(env=without_mnist(tmp_path))
    assert failed.value.ename == "RuntimeError"
    assert_names_the_install_section(site, language, failed.value.evalue)
    outputs = [o for cell in notebook.cells if cell.get("outputs") for o in cell["outputs"]]
    assert any("Error downloading" in "".join(o.get("traceback", [])) for o in outputs)


def test_zips_hold_the_converted_downloads(site, downloads):
    language, found = downloads
    for example in EXAMPLES:
        archive = download(site, language, f"{example.stem}.zip")
        with zipfile.ZipFile(archive) as opened:
            assert opened.read(f"{example.stem}.py").decode() == found[example.stem][0]
            assert json.loads(opened.read(f"{example.stem}.ipynb")) == found[example.stem][1]
    for kind, suffix in (("python", ".py"), ("jupyter", ".ipynb")):
        with zipfile.ZipFile(download(site, language, f"examples_{kind}.zip")) as opened:
            names = sorted(Path(name).stem for name in opened.namelist())
            assert names == sorted(e.stem for e in EXAMPLES)
            for name in opened.namelist():
                assert name.endswith(suffix)
                stem = Path(name).stem
                data = opened.read(name).decode()
                if suffix == ".py":
                    assert data == found[stem][0]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_example_page_opens_its_own_notebook_in_colab(site, language):
    pages = [f"examples/{e.parent.name}/{e.stem}.html" for e in EXAMPLES]
    for page in pages:
        links = [a["href"] for a in site.soup(f"{language}/{page}").select("a.primer-colab")]
        assert len(links) == 1, f"{language}/{page}: {links}"
        assert links[0].startswith(COLAB + f"{language}/_downloads/")
        published = links[0][len(COLAB) :]
        assert (site.root / published).is_file(), f"{language}/{page}: {published} missing"
        assert published.endswith(f"/{Path(page).stem}.ipynb")


def code_tokens(source: str) -> list[str]:
    """The script's tokens without comments, blank lines and docstrings (the script's own,
    the page's title and intro, and its functions', translated like the comments)."""
    docstrings = {token.start for token in docstring_tokens(source)}
    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    skip = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT}
    strings = [t.string for t in tokens if t.type not in skip and t.start not in docstrings]
    return [s for i, s in enumerate(strings) if not is_mnist_message(strings, i)]


def is_mnist_message(strings: list[str], index: int) -> bool:
    """Whether ``strings[index]`` is a piece of the MNIST check's message, which is in the
    page's language: a string literal in the run of literals that ends with the install
    page's address (also the language's own)."""
    end = index
    while end < len(strings) and strings[end][:1] == '"':
        end += 1
    return end > index and "#get-mnist" in strings[end - 1]


def test_chinese_downloads_show_the_functions_docstrings_in_chinese(site):
    """The docstrings inside the code (not the script's own, which is the page's intro) are
    translated in the zh_CN script and notebook, as on the page."""
    shown = 0
    for example in EXAMPLES:
        script = download(site, "zh_CN", f"{example.stem}.py").read_text(encoding="utf-8")
        notebook = json.loads(download(site, "zh_CN", f"{example.stem}.ipynb").read_text())
        sources = {"py": docstring_tokens(script)[1:]}
        sources["ipynb"] = [t for cell in code_cells(notebook) for t in docstring_tokens(cell)]
        for kind, docstrings in sources.items():
            for message in (m for token in docstrings for m in docstring_messages(token)):
                assert CJK.search(message), f"zh_CN {example.stem}.{kind}: {message!r}"
                shown += 1
    STATS["docstring paragraphs in Chinese in the zh_CN downloads"] = shown
    assert shown >= 20


def test_chinese_downloads_hold_the_page_text_and_the_same_code(site):
    for example in EXAMPLES:
        en = download(site, "en", f"{example.stem}.py").read_text(encoding="utf-8")
        zh = download(site, "zh_CN", f"{example.stem}.py").read_text(encoding="utf-8")
        assert code_tokens(zh) == code_tokens(en), example.stem
        page = site.soup(f"zh_CN/examples/{example.parent.name}/{example.stem}.html")
        title = page.select_one("h1").get_text(" ", strip=True).rstrip("#").strip()
        assert f"# {title}" in script_text(zh).splitlines(), (example.stem, title)
