"""Sphinx configuration for PyTorch Primer, shared by every language.

The language is a build parameter: ``sphinx-build -D language=zh_CN``. Translations live in
``locales/zh_CN/LC_MESSAGES``; see CONTRIBUTING.md for the workflow.
"""

import os
from pathlib import Path

from primer.build.examples import filename_pattern
from primer.build.requirements import versions

DOCS = Path(__file__).parent.resolve()

# -- Where the site is hosted: change these two settings for a fork -----------------------
#: The GitHub repository (owner/name) whose ``gh-pages`` branch the deploy workflow publishes
#: to; "Open in Colab" links and "report a problem" links point at it.
REPOSITORY = "pytorch-primer/pytorch-primer"
#: The address the site is served from, ending in "/": each language lives below it.
SITE_URL = "https://pytorch-primer.github.io/pytorch-primer/"

# Declared by src/primer/sphinxext/hosting.py (addresses, sitemap, OpenGraph, edit links) and read
# by primer.sphinxext.downloads (links in downloads) and primer.sphinxext.colab ("Open in
# Colab") too.
primer_site_url = SITE_URL
primer_repository = REPOSITORY
#: Pages renamed since they were published, old name -> new name: their old addresses, and
#: those of their downloads (which old "Open in Colab" links open), keep working
#: (src/primer/sphinxext/redirects.py). Renaming or renumbering a lesson adds a line here.
primer_redirects = {}

# -- Project -------------------------------------------------------------------------------
project = "PyTorch Primer"
author = "PyTorch Primer contributors"
copyright = "2026, PyTorch Primer contributors"

# -- General -------------------------------------------------------------------------------
extensions = [
    "myst_nb",
    "sphinx_gallery.gen_gallery",
    "sphinx_copybutton",
    "sphinx_design",
    "sphinx.ext.mathjax",  # only where Node cannot typeset math at build time (static_math)
    "sphinx.ext.intersphinx",  # names in the examples' code link to the PyTorch references
    "sphinxext.opengraph",
    "primer.sphinxext",  # the site's own extensions (src/primer/sphinxext/__init__.py)
    "primer.build.handoff",  # the language builds, run at once, share the executing
]
templates_path = ["_templates"]
exclude_patterns = [
    "_build",
    "_root",  # site-wide pages copied to the site root by src/primer/build/site.py
    "jupyter_execute",
    "README.md",
    # Sphinx-Gallery writes these next to each generated page; they are downloads, not pages.
    "examples/**.ipynb",
    "examples/**.py",
    "examples/**.md5",
    "examples/**.zip",
    "examples/**.json",
]
nitpicky = True
suppress_warnings = ["config.cache"]  # Sphinx-Gallery's conf holds callables
# Examples read MNIST from $PRIMER_DATA (at home they fall back to ./data).
os.environ.setdefault("PRIMER_DATA", str(DOCS.parent / "data"))

# -- Supported versions, read from the requirement files that the tests install ------------


PINNED = versions(DOCS.parent / "requirements.txt")
FLOOR = versions(DOCS.parent / "requirements-floor.txt")

# -- MyST and myst-nb ----------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "dollarmath", "amsmath", "deflist", "substitution"]
#: ``{{ torch_floor }}`` and the like in the MyST pages.
myst_substitutions = {
    "torch_pinned": PINNED["torch"],
    "torchvision_pinned": PINNED["torchvision"],
    "torch_floor": FLOOR["torch"],
    "torchvision_floor": FLOOR["torchvision"],
}
myst_heading_anchors = 3
# What MyST-Parser sets when the builder starts (override_mathjax); stated here so that the
# configuration does not change during the build (see src/primer/upstream/stable_config.py).
# No upstream issue found. Should MyST change its classes, it warns, and -W stops the build.
mathjax3_config = {
    "options": {"processHtmlClass": "tex2jax_process|mathjax_process|math|output_area"}
}
nb_execution_mode = "cache"
# One cache for every language: the zh_CN build reuses the en build's executions.
nb_execution_cache_path = str(DOCS / "_build" / ".jupyter_cache")
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_execution_timeout = 600
nb_execution_excludepatterns = ["examples/*"]
nb_merge_streams = True

# -- Sphinx-Gallery ------------------------------------------------------------------------
sphinx_gallery_conf = {
    "examples_dirs": "../gallery",
    "gallery_dirs": "examples",
    # Every example runs at build time; a shard's build (src/primer/build/site.py --shard) names
    # its share in $PRIMER_EXECUTE.
    "filename_pattern": filename_pattern(),
    "within_subsection_order": "FileNameSortKey",
    "download_all_examples": True,
    "remove_config_comments": True,
    "write_computation_times": False,  # timings stay out of pages and catalogs
    "min_reported_time": 0,
    "matplotlib_animations": False,
    "show_memory": False,
    "first_notebook_cell": None,
    # Phones: figures drawn narrow with large text (src/primer/sphinxext/figure_style.py), and a
    # second image at twice the resolution for sharp screens.
    "reset_modules": ("matplotlib", "primer.sphinxext.figure_style.reset_matplotlib"),
    "image_srcset": ["2x"],
}

# -- Links from code to the PyTorch references ----------------------------------------------
# Sphinx-Gallery links each name in an example's code that an intersphinx inventory knows.
# The inventories are vendored (docs/inventories, derived from the references' own sources by
# ``nox -s inventory``): the build reads no network, and each name maps to the page that
# documents it.
intersphinx_mapping = {
    "torch": ("https://docs.pytorch.org/docs/stable/", "inventories/torch.inv"),
    "torchvision": ("https://docs.pytorch.org/vision/stable/", "inventories/torchvision.inv"),
}

# -- Internationalisation ------------------------------------------------------------------
language = "en"
locale_dirs = ["locales/"]
gettext_compact = False  # one catalog per page
gettext_uuid = False
gettext_location = False  # no source line numbers: they churn on every edit
html_search_options = {"dict": None}  # zh: jieba's default dictionary

# -- HTML ----------------------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = "PyTorch Primer · PyTorch 入门"
html_static_path = ["_static"]
# A declared icon: without one, browsers ask for /favicon.ico, a 404 in every console.
html_favicon = "_static/favicon.svg"
# The priority is Sphinx's default for these lists, written into the config's own entries when
# the builder starts (init_css_files, init_js_files) unless it is given; given here, the
# configuration stays as conf.py sets it (src/primer/upstream/stable_config.py). No upstream
# issue found.
html_css_files = [("primer.css", {"priority": 800})]
html_js_files = [("language-switcher.js", {"priority": 800})]
# The PyData theme's own choice, which it would otherwise write into the configuration when
# the builder starts (update_config), as it does "icon_links" and "logo" below. No upstream
# issue found; pydata-sphinx-theme#1222 was the same pattern for fontawesome_included.
html_permalinks_icon = "#"
html_context = {"default_mode": "auto"}
html_last_updated_fmt = None
html_show_sourcelink = False
html_copy_source = False
html_theme_options = {
    "navbar_end": ["theme-switcher"],
    "navbar_persistent": ["search-button-field", "language-switcher"],  # shown on phones too
    "footer_start": ["copyright", "provenance"],
    "footer_end": ["sphinx-version"],
    "article_footer_items": ["page-links"],  # edit on GitHub, report a problem
    "show_prev_next": True,
    "navigation_with_keys": False,
    "use_edit_page_button": False,
    "icon_links": [],  # the theme's defaults, stated (see html_permalinks_icon)
    "logo": {},
}
# Single pages outside the course have no section navigation: no (empty) sidebar either.
html_sidebars = {
    "**": ["sidebar-nav-bs"],
    **{page: [] for page in ("index", "why-pytorch", "install", "glossary")},
}
copybutton_exclude = ".linenos, .gp, .go"
copybutton_prompt_text = r">>> |\.\.\. |\$ "
copybutton_prompt_is_regexp = True

# -- Hosting: addresses, sitemap, OpenGraph, edit links (src/primer/sphinxext/hosting.py) ------
# A choice, not a workaround: generated cards draw their text in a bundled Latin-only font
# unless ``ogp_social_cards["font"]`` names one installed on the machine that builds
# (sphinx-doc/sphinxext-opengraph#108, closed by #110). A CJK font on every machine that
# builds the site is more than one static card asks for: one card, below each language's
# address.
ogp_social_cards = {"enable": False}
ogp_image = "_static/social-card.png"
ogp_image_alt = html_title
