"""Each workaround of an upstream bug, checked against the installed package it works around.

Every test here asserts that the upstream problem is still there: the day a new release fixes
it, the test fails and says which workaround can go. Each names the upstream issue, or says
that none was found.
"""

import gettext
import inspect
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pydata_sphinx_theme
import pytest
import sphinx
import sphinx_gallery
from bs4 import BeautifulSoup
from docutils.frontend import get_default_settings
from docutils.utils import new_document
from docutils.writers.html5_polyglot import HTMLTranslator, Writer
from pydata_sphinx_theme.toctree import add_collapse_checkboxes
from sphinx_design import tabs
from sphinx_gallery import backreferences, gen_rst

from primer.sphinxext.ui_catalog import SEARCH_SUMMARY, UI_MESSAGES

THEME = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme"
SPHINX_ZH = Path(sphinx.__file__).parent / "locale" / "zh_CN" / "LC_MESSAGES"
THEME_ZH = Path(pydata_sphinx_theme.__file__).parent / "locale" / "zh" / "LC_MESSAGES"


def read_catalog(path: Path) -> gettext.GNUTranslations:
    with path.open("rb") as mo:
        return gettext.GNUTranslations(mo)


def still_needed(problem_present: bool, workaround: str) -> None:
    assert problem_present, f"fixed upstream: workaround {workaround} can go"


def test_sphinx_design_tab_label_has_aria_controls():
    """sphinx-design writes aria-controls on <label>, which HTML forbids.

    Added by executablebooks/sphinx-design#283 (which implemented #30); no issue reporting
    the attribute as invalid was found. The first lines below are the minimal reproduction a
    report would need: the W3C checker rejects the label they write.
    """
    document = new_document("<upstream>", get_default_settings(Writer))
    translator = HTMLTranslator(document)
    label = tabs.sd_tab_label("", "Tab", input_id="tab", aria_controls="tab-content")
    tabs.visit_tab_label(translator, label)
    still_needed(
        re.search(r"<label[^>]*\baria-controls=", translator.body[-1]) is not None,
        "primer.upstream.tabs (aria-controls moved from the label to the radio button)",
    )


def test_sphinx_gallery_thumbnail_has_tooltip_attribute():
    """Sphinx-Gallery's thumbnails carry a non-HTML ``tooltip`` attribute, shown by its CSS.

    No Sphinx-Gallery issue about the attribute was found (sphinx-gallery#998 and #237 are
    about the tooltip's text, not the attribute). Reproduction: any gallery index page, given
    to the W3C checker.
    """
    css = (Path(sphinx_gallery.__file__).parent / "_static" / "sg_gallery.css").read_text()
    still_needed(
        re.search(r'(?<![\w-])tooltip="', backreferences.THUMBNAIL_TEMPLATE) is not None
        and "attr(tooltip)" in css,
        "primer.upstream.gallery_html.RenameThumbnailTooltips and primer.css's data-tooltip rules",
    )


def test_sphinx_gallery_writes_a_tag_list_into_every_section():
    """Every gallery section's README gets the same ``id='sg-tag-list'``.

    No Sphinx-Gallery issue about the repeated id was found. Reproduction: a gallery with two
    subsection READMEs; its index page holds the id twice.
    """
    still_needed(
        "id='sg-tag-list'" in inspect.getsource(gen_rst.generate_dir_rst),
        "primer.upstream.gallery_html.DropRepeatedTagLists",
    )


def test_theme_search_button_names_itself_without_its_shortcut():
    """The theme's search button has aria-label "Search" while it shows "Search Ctrl+K"
    (axe: label-content-name-mismatch). No pydata-sphinx-theme issue about it was found
    (pydata-sphinx-theme#1499 is about the same button's other attributes). Reproduction: any
    page of the theme, given to axe-core with that rule on."""
    button = (THEME / "components" / "search-button-field.html").read_text(encoding="utf-8")
    still_needed(
        re.search(r"<button[^>]*\baria-label=", button) is not None,
        "docs/_templates/search-button-field.html",
    )


def test_theme_sidebar_toggles_have_no_name():
    """The theme's sidebar expand/collapse <summary> holds only an icon (axe: summary-name).

    No pydata-sphinx-theme issue about it was found; pydata-sphinx-theme#1582 introduced the
    markup, and pytorch/pytorch_sphinx_theme#234 carries the same downstream fix. The lines
    below are the minimal reproduction.
    """
    soup = BeautifulSoup(
        '<ul><li class="has-children"><a class="reference internal" href="a.html">A</a>'
        '<ul><li><a class="reference internal" href="b.html">B</a></li></ul></li></ul>',
        "html.parser",
    )
    add_collapse_checkboxes(soup)
    summary = soup.find("summary")
    still_needed(
        summary is not None and not summary.get("aria-label") and not summary.get_text(strip=True),
        "primer.upstream.theme_fixes.name_sidebar_toggles",
    )


def test_theme_shows_the_search_bar_text_untranslated():
    """The theme writes its ``search_bar_text`` option into the page as it is, without
    ``_()``, so one conf.py cannot give each language its own (pydata-sphinx-theme#129 and
    #398 translated the default once; no report of the option being left untranslated was
    found). Reproduction: a zh_CN build: the search field's placeholder stays English."""
    field = (THEME / "components" / "search-field.html").read_text(encoding="utf-8")
    still_needed(
        'placeholder="{{ theme_search_bar_text }}"' in field,
        "primer.sphinxext.ui_catalog.translate_search_bar",
    )


def test_sphinx_gallery_labels_outputs_in_english_from_its_stylesheet():
    """Sphinx-Gallery's stylesheet labels every output block ``content: "Out:"``, which no
    catalog translates. No Sphinx-Gallery issue about it was found. Reproduction: any example
    page built in another language."""
    css = (Path(sphinx_gallery.__file__).parent / "_static" / "sg_gallery.css").read_text()
    still_needed(
        'content: "Out:"' in css, "the 输出 rule for zh-CN pages in docs/_static/primer.css"
    )


def test_sphinx_zh_cn_catalog_lacks_the_search_summary_plural():
    """Sphinx's zh_CN ``sphinx.js`` lacks the plural pair its search script asks for.

    Sphinx 8.2.3's zh_CN catalog was last synced from Transifex in 2024 (sphinx-doc/sphinx#13530,
    "Localizations on Transifex for zh-CN are not synced", closed; the sync waits on #13387).
    """
    catalog = (SPHINX_ZH / "sphinx.js").read_text(encoding="utf-8")
    messages = json.loads(catalog[catalog.index("{") : catalog.rindex("}") + 1])["messages"]
    workaround = "primer.sphinxext.ui_catalog.add_search_summary_translation"
    still_needed(SEARCH_SUMMARY[0] not in messages, workaround)


def test_upstream_zh_catalogs_leave_ui_messages_in_english():
    """Sphinx's and the theme's zh catalogs leave our UI_MESSAGES untranslated.

    Sphinx's part: its zh_CN catalog is not synced (sphinx-doc/sphinx#13530). The theme's
    translations are made on Transifex (pydata-sphinx-theme#1462), where no GitHub issue can
    report them.
    """
    catalogs = [read_catalog(folder / "sphinx.mo") for folder in (SPHINX_ZH, THEME_ZH)]
    translated = [m for m in UI_MESSAGES if any(c.gettext(m) != m for c in catalogs)]
    workaround = (
        f"primer.sphinxext.ui_catalog.UI_MESSAGES entries {translated} (and their sphinx.po lines)"
    )
    still_needed(not translated, workaround)


def test_sphinx_gallery_writes_a_figure_alt_text_unescaped():
    """A figure with a srcset is written by ``visit_imgsg_html`` as ``alt="{alt}"``, without
    escaping, so a quote in the alt text ends the attribute. No Sphinx-Gallery issue was found
    (matplotlib#29689 fixed the same bug in matplotlib's plot directive). Reproduction: an
    ``image-sg`` directive with ``:srcset:`` and an ``:alt:`` that holds a quote."""
    from sphinx_gallery import directives

    source = inspect.getsource(directives.visit_imgsg_html)
    still_needed(
        'alt="{alt}"' in source and "escape" not in source,
        "the html.escape of srcset figures' alt text in primer.sphinxext.figures",
    )


def test_sphinx_sitemap_still_lists_only_the_pages_a_build_writes():
    """jdillard/sphinx-sitemap#13: the sitemap is filled from ``html-page-context``, so an
    incremental build that writes two pages lists two. primer.sphinxext.hosting writes its own
    from the environment's pages instead."""
    import sphinx_sitemap

    source = inspect.getsource(sphinx_sitemap)
    fills_per_written_page = '"html-page-context", add_html_link' in source
    reads_environment = "found_docs" in source or "all_docs" in source
    still_needed(
        fills_per_written_page and not reads_environment, "primer.sphinxext.hosting.write_sitemap"
    )


@pytest.mark.slow
def test_sphinx_leaves_a_renamed_page_old_title_on_the_other_pages(tmp_path):
    """sphinx-doc/sphinx#5506 (open): after a page's title changes, an incremental build
    writes again only that page and the pages whose toctree lists it; a page that links to it
    with ``:doc:`` keeps showing the old title. A plain Sphinx site, built, renamed, rebuilt."""
    from sphinx.application import Sphinx

    (tmp_path / "conf.py").write_text("")
    (tmp_path / "index.rst").write_text("Home\n====\n\n.. toctree::\n\n   a\n   b\n")
    (tmp_path / "a.rst").write_text("Old title\n=========\n")
    (tmp_path / "b.rst").write_text("B\n=\n\nSee :doc:`a`.\n")

    def build():
        Sphinx(tmp_path, tmp_path, tmp_path / "html", tmp_path / "doctrees", "html",
               status=None, warning=None).build()  # fmt: skip

    build()
    (tmp_path / "a.rst").write_text("New title\n=========\n")
    build()
    still_needed(
        "Old title" in (tmp_path / "html" / "b.html").read_text(encoding="utf-8"),
        "primer.upstream.renamed_titles (every page written again when a title changes)",
    )


@pytest.mark.slow
def test_sphinx_keeps_one_language_translations_for_the_next_build_in_the_process(tmp_path):
    """Sphinx keeps each catalog's translator in the module-level ``sphinx.locale.translators``
    and loads a catalog only when the table has none, so a second build in the same process
    speaks the first build's language (related: sphinx-doc/sphinx#13448; no report of this
    exact case was found, and Sphinx's own test fixtures clear the table between apps).
    Reproduction: a zh_CN build, then an English build, in one process (a process of its own
    here: jieba, which the Chinese build loads, leaves a file open)."""
    program = """
import sys
from pathlib import Path
from sphinx.application import Sphinx
site = Path(sys.argv[1])
(site / "conf.py").write_text("")
(site / "index.rst").write_text("Home\\n====\\n")
for language in ("zh_CN", "en"):
    Sphinx(site, site, site / language, site / f"doctrees-{language}", "html",
           confoverrides={"language": language}, status=None, warning=None).build()
"""
    subprocess.run([sys.executable, "-c", program, str(tmp_path)], check=True)
    english = (tmp_path / "en" / "index.html").read_text(encoding="utf-8")
    still_needed(
        "搜索" in english,
        "sphinx.locale.translators.clear() in primer.build.sphinx_languages.build",
    )


# -- The Sphinx pin (requirements.txt) -------------------------------------------------------


NEWEST_SPHINX_ZH = """
import subprocess, sys
from pathlib import Path
import sphinx
site = Path(sys.argv[1])
site.mkdir()
(site / "conf.py").write_text("language = 'zh_CN'\\n")
(site / "index.rst").write_text("标题\\n====\\n\\n张量。\\n")
command = [sys.executable, "-m", "sphinx", "-q", "-b", "html", site, site / "html"]
subprocess.run(command, check=True)
print(sphinx.__version__)
"""


@pytest.mark.slow
def test_the_newest_sphinx_still_breaks_chinese_search(tmp_path):
    """requirements.txt pins Sphinx 8.2.3: in a zh_CN build, Sphinx 9 writes
    ``window.Stemmer = ChineseStemmer`` into language_data.js and never defines
    ``ChineseStemmer``, so every search throws (sphinx-doc/sphinx#14229; a fix,
    sphinx-doc/sphinx#14416, is merged but was not released when this was written). Builds a
    one-page Chinese site with the newest Sphinx on PyPI and runs that script in Node."""
    if not (shutil.which("uv") and shutil.which("node")):
        pytest.skip("needs uv (to install the newest Sphinx) and node")
    venv = tmp_path / "venv"
    subprocess.run(["uv", "venv", "-q", "--python", sys.executable, str(venv)], check=True)
    python = str(venv / "bin" / "python")
    subprocess.run(
        ["uv", "pip", "install", "-q", "--python", python, "sphinx", "jieba"], check=True
    )
    site = tmp_path / "site"
    built = subprocess.run([python, "-c", NEWEST_SPHINX_ZH, str(site)], capture_output=True,
                           text=True, check=True)  # fmt: skip
    script = (site / "html" / "_static" / "language_data.js").read_text(encoding="utf-8")
    run = subprocess.run(["node", "-e", "globalThis.window = globalThis;\n" + script],
                         capture_output=True, text=True)  # fmt: skip
    still_needed(
        "ChineseStemmer is not defined" in run.stderr,
        f"the Sphinx 8.2.3 pin (Sphinx {built.stdout.strip()} searches Chinese again)",
    )


# -- Configuration values changed while building (primer.upstream.stable_config) ------------------


def test_sphinx_writes_the_default_priority_into_configured_css_and_js():
    """Sphinx's HTML builder sets ``priority`` in conf.py's own html_css_files and
    html_js_files entries when it starts. No Sphinx issue about it was found. Reproduction: a
    conf.py with one ``html_css_files`` entry, built twice: the second build says the
    configuration changed."""
    from sphinx.builders.html import StandaloneHTMLBuilder

    sources = inspect.getsource(StandaloneHTMLBuilder.init_css_files) + inspect.getsource(
        StandaloneHTMLBuilder.init_js_files
    )
    still_needed(
        sources.count("attrs.setdefault('priority', 800)") == 2,
        'the {"priority": 800} of html_css_files and html_js_files in docs/conf.py',
    )


def test_theme_writes_its_defaults_into_the_configuration():
    """The PyData theme sets html_permalinks_icon and the icon_links and logo theme options
    when the builder starts. No pydata-sphinx-theme issue about it was found
    (pydata-sphinx-theme#1222 was the same pattern for another option). Reproduction: a
    conf.py without them, built twice: the second build says the configuration changed."""
    source = inspect.getsource(pydata_sphinx_theme.update_config)
    still_needed(
        'app.config.html_permalinks_icon = "#"' in source
        and 'theme_options["icon_links"] = icon_links' in source
        and 'theme_options["logo"] = theme_logo' in source,
        'html_permalinks_icon and the "icon_links" and "logo" theme options in docs/conf.py',
    )


def test_myst_writes_mathjax3_config_when_the_builder_starts():
    """MyST-Parser sets mathjax3_config at builder-inited. No MyST-Parser issue about it
    was found (MyST-Parser#394 and #263 are about the same setting's content). Its documented
    ``myst_update_mathjax = False`` is no way out: it drops MyST's own classes too.
    Reproduction: a MyST page with math, built twice."""
    from myst_parser.sphinx_ext import main, mathjax

    still_needed(
        "setattr(app.config, config_attr, config)" in inspect.getsource(mathjax.override_mathjax)
        and 'app.connect("builder-inited", override_mathjax)' in inspect.getsource(main),
        "mathjax3_config in docs/conf.py",
    )


def grows_during_the_build() -> dict[str, bool]:
    """Whether each value of GROWN_DURING_BUILD is still extended after config-inited."""
    import sphinx_copybutton
    from sphinx_design import extension as design
    from sphinx_gallery import gen_gallery

    return {
        "html_static_path": "app.config.html_static_path.append"
        in inspect.getsource(sphinx_copybutton.scb_static_path)
        + inspect.getsource(design.add_static_assets),
        "templates_path": "app.config.templates_path.append"
        in inspect.getsource(pydata_sphinx_theme.setup),
        "sphinx_gallery_conf": 'sphinx_gallery_conf["src_dir"] ='
        in inspect.getsource(gen_gallery._update_gallery_conf_builder_inited),
    }


def test_extensions_extend_configuration_values_after_config_inited():
    """sphinx-copybutton and sphinx-design append to html_static_path at builder-inited, the
    PyData theme to templates_path when the builder loads it, Sphinx-Gallery keeps its
    run-time state in sphinx_gallery_conf. No issue about any of them was found;
    sphinx-doc/sphinx#14219 gives extensions app.add_static_dir() instead."""
    from primer.upstream.stable_config import GROWN_DURING_BUILD

    fixed = [name for name, grows in grows_during_the_build().items() if not grows]
    still_needed(
        not fixed and set(GROWN_DURING_BUILD) == set(grows_during_the_build()),
        f"primer.upstream.stable_config.GROWN_DURING_BUILD entries {fixed}",
    )


def test_pytest_playwright_own_base_url_fixture_is_an_instance_method():
    """Without pytest-base-url, pytest-playwright registers a ``base_url`` fixture of its own,
    a session-scoped fixture written as an instance method, which pytest deprecates since
    pytest-dev/pytest#14765 (pytest's own issue; the deprecation came with pytest's pull
    request #14774), a PytestRemovedIn10Warning, an error under our filterwarnings.

    No pytest-playwright issue about it was found. Reproduction: pytest 9.2 and
    pytest-playwright 0.10 without pytest-base-url, ``-W error``, any test.
    """
    from pytest_playwright import pytest_playwright

    still_needed(
        "def base_url(self" in inspect.getsource(pytest_playwright),
        "the pytest-base-url pin in requirements-tests.txt",
    )


def test_sphinx_search_looks_up_a_chinese_query_whole():
    """sphinx-doc/sphinx#5318 (open): the search box has no word splitter for languages
    written without spaces, so a Chinese query is looked up as one word, while the index
    holds jieba's words (保存模型 found nothing; the index has 保存 and 模型). Sphinx's
    default splitter cuts only at what is not a letter, and its Chinese search language
    brings no splitter of its own."""
    from sphinx.search.zh import SearchChinese

    searchtools = Path(sphinx.__file__).parent / "themes" / "basic" / "static" / "searchtools.js"
    splitter = re.search(r"var splitQuery = .*?\.split\((.*?)\)", searchtools.read_text(), re.S)
    cuts_at_non_letters_only = bool(splitter) and "^\\p{Letter}" in splitter[1]
    workaround = "splitQuery in docs/_static/primer-search.js"
    still_needed(not SearchChinese.js_splitter_code and cuts_at_non_letters_only, workaround)


def test_sphinx_gallery_keeps_the_pages_of_removed_examples(tmp_path):
    """sphinx-gallery#343 and #1079 (cleaning generated files; none about exactly this): a
    removed example's generated page stays, and Sphinx goes on building it. A plain
    Sphinx-Gallery site, built, its example renamed, built again."""
    from sphinx.application import Sphinx

    gallery = tmp_path / "gallery"
    gallery.mkdir()
    (gallery / "README.rst").write_text("Gallery\n=======\n")
    (gallery / "plot_old.py").write_text('"""\nOld\n===\n"""\nprint(1)\n')
    (tmp_path / "conf.py").write_text(
        "extensions = ['sphinx_gallery.gen_gallery']\n"
        "sphinx_gallery_conf = {'examples_dirs': 'gallery', 'gallery_dirs': 'generated'}\n"
    )
    (tmp_path / "index.rst").write_text("Home\n====\n\n.. toctree::\n\n   generated/index\n")

    def build():
        Sphinx(tmp_path, tmp_path, tmp_path / "html", tmp_path / "doctrees", "html",
               status=None, warning=None).build()  # fmt: skip

    build()
    (gallery / "plot_old.py").rename(gallery / "plot_new.py")
    build()
    still_needed(
        (tmp_path / "generated" / "plot_old.rst").is_file(),
        "primer.upstream.removed_examples (deleting what removed examples left)",
    )


def test_sphinx_drops_index_entries_from_the_search_index_on_a_rebuild(tmp_path):
    """sphinx-doc/sphinx#12599 (open): a rebuild that does not write a page leaves that
    page's index entries out of ``searchindex.js``. A plain Sphinx site, built twice."""
    from sphinx.application import Sphinx

    (tmp_path / "conf.py").write_text("")
    (tmp_path / "index.rst").write_text("Home\n====\n\n.. index:: foo\n\nText.\n")

    def index_entries():
        Sphinx(tmp_path, tmp_path, tmp_path / "html", tmp_path / "doctrees", "html",
               status=None, warning=None).build()  # fmt: skip
        text = (tmp_path / "html" / "searchindex.js").read_text(encoding="utf-8")
        return json.loads(text[text.index("(") + 1 : text.rindex(")")])["indexentries"]

    assert "foo" in index_entries()
    still_needed(
        "foo" not in index_entries(),
        "primer.upstream.search_index_entries (the entries of pages not written again)",
    )


def test_the_theme_still_loads_the_search_index_on_every_page():
    """docs/_templates/layout.html drops the search scripts from every page but search.html
    (pydata/pydata-sphinx-theme#1977 put them everywhere for search-as-you-type, which is
    off here). When the theme loads them only where they are used, the override can go."""
    theme = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme"
    layout = (theme / "layout.html").read_text(encoding="utf-8")
    extrahead = layout[layout.index("{%- block extrahead %}") : layout.index("endblock extrahead")]
    assert "searchindex.js" in extrahead and "{% if pagename == 'search' %}" in extrahead
    ours = (Path(__file__).parents[1] / "docs" / "_templates" / "layout.html").read_text()
    for line in re.findall(r"^\s*<meta[^\n]*$", extrahead, re.MULTILINE):
        assert line.strip() in ours, f"the theme's extrahead changed: {line.strip()}"


def test_the_theme_block_css_is_the_one_our_layout_replaces():
    """docs/_templates/layout.html replaces the theme's block css: one style sheet instead of
    the theme's and Sphinx's, no fontawesome.js and no preloads (primer.sphinxext.style_bundle).
    It keeps the block's colour-mode script and noscript rule, copied: when the theme's block
    changes, this fails and the copy is checked again."""
    theme = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme"
    layout = (theme / "layout.html").read_text(encoding="utf-8")
    block = layout[layout.index("{%- block css %}") : layout.index("endblock css")]
    ours = (Path(__file__).parents[1] / "docs" / "_templates" / "layout.html").read_text()
    kept = [
        line.strip() for line in block.splitlines() if "localStorage" in line or "pst-js" in line
    ]
    assert len(kept) == 3 and all(line in ours for line in kept), kept
    macros = [name for name in re.findall(r"_webpack\.(\w+)\(\)", block)]
    assert macros == ["head_pre_assets", "head_js_preload"], macros
