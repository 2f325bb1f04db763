"""The downloads of every example (``.py``, ``.ipynb``, ``.zip``), in both languages: free of
reST, complete (snippet code inline), linking to pages that exist, and opened by Colab from
the path the deploy publishes. ``nox -s compat`` runs them; these tests read them."""

import ast
import io
import json
import re
import tokenize
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from helpers import CJK, EXAMPLES, LANGUAGES, REPO, REPOSITORY, SITE_URL, STATS, ids_of
from primer_comments import docstring_messages, docstring_tokens

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
        assert script.find("install.html#get-mnist") < script.find("datasets.MNIST(")


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
    return [t.string for t in tokens if t.type not in skip and t.start not in docstrings]


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
