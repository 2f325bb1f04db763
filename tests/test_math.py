"""Math typeset when the site is built (primer.sphinxext.static_math, primer.build.math_svg):
every formula is an SVG in its page, no page loads MathJax, and a machine without Node
still builds the site, with MathJax in the reader's browser."""

import json
import re
from types import SimpleNamespace

import pytest
from docutils import nodes
from sphinx.ext import mathjax

from primer.build import math_svg
from primer.build.site import LANGUAGES
from primer.sphinxext import static_math

#: A notebook's display and inline formulas, as Jupyter's Markdown finds them.
DISPLAY = re.compile(r"\$\$(.+?)\$\$", re.DOTALL)
INLINE = re.compile(r"(?<![\\$])\$([^$\n]+?)\$")


@pytest.fixture(scope="module")
def mathjax_installed():
    reason = math_svg.install()
    assert reason is None, reason


def test_every_formula_is_an_svg_for_the_eye_and_mathml_for_screen_readers(site):
    typeset = 0
    for language in LANGUAGES:
        assert not (site.root / language / "_static" / "mathjax").exists(), language
        for page in site.pages(language):
            soup = site.soup(f"{language}/{page}")
            scripts = [tag["src"] for tag in soup.find_all("script", src=True)]
            assert not [src for src in scripts if "mathjax" in src.lower()], page
            for math in soup.select("span.math, div.math"):
                svg, mathml = math.find_all(["svg", "math"], recursive=False)
                assert svg.name == "svg" and svg["aria-hidden"] == "true", (page, str(math)[:200])
                assert mathml.name == "math" and mathml.get_text(strip=True), page
                attributes = {name for tag in math.find_all(True) for name in tag.attrs}
                assert not [name for name in attributes if name.startswith("data-")], page
                typeset += 1
    assert typeset >= 50, f"only {typeset} formulas on the site: is the math extension loaded?"


def test_a_screen_reader_gets_the_formula_as_written(site):
    soup = site.soup("zh_CN/examples/01-fundamentals/02_autograd.html")
    mathml = {str(math) for math in soup.select(".math > math")}
    assert "<math><mn>1</mn><mo>+</mo><mn>2</mn><mo>=</mo><mn>3</mn></math>" in mathml


def test_mathjax_typesets_and_reports_what_it_cannot_read(mathjax_installed):
    typeset, error = math_svg.typeset([("x^2", False), (r"\frac{1", True)])
    assert typeset["svg"].startswith("<svg ") and "<path" in typeset["svg"]
    assert "<msup>" in typeset["mathml"]
    assert error == {"error": "Missing close brace"}


def test_the_cache_runs_node_only_for_formulas_it_has_not_seen(tmp_path, monkeypatch):
    runs = []

    def typeset(formulas):
        runs.append(formulas)
        mathml = "<math>\n <mi/>\n</math>"
        return [{"error": "no"} if tex == "bad" else
                {"svg": f'<svg role="img" data-c="1">{tex}</svg>', "mathml": mathml}
                for tex, _ in formulas]  # fmt: skip

    monkeypatch.setattr(math_svg, "typeset", typeset)
    cache = math_svg.Cache(tmp_path / "math.json")
    assert cache.typeset([("a", False), ("a", False), ("bad", True)]) == {("bad", True): "no"}
    cache.save()
    again = math_svg.Cache(tmp_path / "math.json")
    assert again.typeset([("a", False), ("b", True)]) == {}
    assert runs == [[("a", False), ("bad", True)], [("b", True)]]
    assert again.get("a", False) == '<svg aria-hidden="true">a</svg><math><mi/></math>'
    assert again.get("a", True) is None


class Translator:
    """What sphinx.ext.mathjax's display visitor uses of Sphinx's HTML translator."""

    def __init__(self):
        self.body = []
        self.builder = SimpleNamespace(config=SimpleNamespace(mathjax_display=("", "")))

    def starttag(self, node, tag, **attributes):
        return ""

    def encode(self, text):
        return text


@pytest.mark.parametrize(
    "text",
    ["a = b", r"a &= b \\ c &= d", "a = b\n\nc = d", "a = b\n\n" + r"c &= d \\ e &= f"],
)
def test_a_display_formula_is_the_tex_sphinx_mathjax_would_typeset(text):
    block = nodes.math_block(text, text, number=None, nowrap=False)
    translator = Translator()
    with pytest.raises(nodes.SkipNode):
        mathjax.html_visit_displaymath(translator, block)
    typeset_by_sphinx = "".join(translator.body).removesuffix("</div>\n").strip()
    assert static_math.display_tex(block) == typeset_by_sphinx


def test_without_node_the_build_serves_mathjax_and_says_why(monkeypatch):
    monkeypatch.setattr(math_svg.shutil, "which", lambda name: None)
    reason = math_svg.missing()
    assert reason == "Node.js is not installed"
    assert "Install Node.js" in math_svg.fallback_note(reason)
    extensions = []
    app = SimpleNamespace(setup_extension=extensions.append)
    config = SimpleNamespace(html_math_renderer=None)
    static_math.choose_renderer(app, config)
    assert config.html_math_renderer == "mathjax"
    assert extensions == ["sphinx-mathjax-offline"]


def test_a_copy_to_take_away_refuses_a_site_whose_formulas_need_mathjax(tmp_path):
    (tmp_path / "en" / "_static").mkdir(parents=True)
    assert math_svg.untypeset(tmp_path, LANGUAGES) is None
    (tmp_path / "zh_CN" / "_static" / "mathjax").mkdir(parents=True)
    reason = math_svg.untypeset(tmp_path, LANGUAGES)
    assert "zh_CN" in reason and "Install Node.js" in reason


def test_every_formula_of_the_downloaded_notebooks_typesets_in_mathjax(site, mathjax_installed):
    """Jupyter and Colab typeset a notebook's ``$...$`` and ``$$...$$`` with MathJax as they
    stand: a display formula aligned with ``&`` needs its environment there too (the
    cross-entropy formula, written as two lines, showed "Misplaced &")."""
    formulas = {}
    for notebook in sorted(site.root.glob("*/_downloads/*/*.ipynb")):
        for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "markdown":
                text = "".join(cell["source"])
                for tex in DISPLAY.findall(text):
                    formulas.setdefault((tex, True), notebook.name)
                for tex in INLINE.findall(DISPLAY.sub("", text)):
                    formulas.setdefault((tex, False), notebook.name)
    assert len(formulas) >= 20, f"only {len(formulas)} formulas in the notebooks"
    results = zip(formulas, math_svg.typeset(list(formulas)), strict=True)
    failed = [(formulas[f], f[0], result["error"]) for f, result in results if "error" in result]
    assert not failed, failed
