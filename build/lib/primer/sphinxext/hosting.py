"""Hosting on GitHub Pages: each language's address, and every page's links to its source.

The site is two builds (``en``, ``zh_CN``) below one address, ``primer_site_url`` (SITE_URL in
conf.py). Each build gets its own address here: ``html_baseurl`` (the canonical link of every
page) and sphinxext-opengraph's ``ogp_site_url`` and ``og:locale``; its ``sitemap.xml`` lists
every page with its address in both languages. (sphinx-sitemap lists only the pages a build
wrote, so an incremental build left it nearly empty: jdillard/sphinx-sitemap#13. This one
lists the environment's pages; tests/test_upstream.py says when sphinx-sitemap can return.)

The site root's ``sitemap.xml`` (an index of the two) and ``404.html`` are static files in
``docs/_root`` that also name the site's address; the build warns (and so fails) when they
do not agree with ``primer_site_url``.

At the foot of every page, "Edit on GitHub" opens the file that holds what the reader sees
(the example script, the MyST page, or in a translation its catalog) and "Report a problem"
opens a new issue titled with the page's name.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit
from xml.etree import ElementTree

from sphinx.util import logging

from primer.sphinxext.language_switch import LANGUAGES

logger = logging.getLogger(__name__)

#: ``og:locale`` of each language (OpenGraph wants language_TERRITORY).
OG_LOCALES = {"en": "en_US", "zh_CN": "zh_CN"}
#: The pages a gallery folder may introduce itself with (Sphinx-Gallery 0.22).
GALLERY_HEADERS = ("GALLERY_HEADER.rst", "README.rst", "README.txt")


def language_of(config) -> str:
    return config.language or "en"


def set_addresses(app, config) -> None:
    """Point the canonical links, the sitemap and the OpenGraph tags at this language."""
    language = language_of(config)
    config.html_baseurl = f"{config.primer_site_url}{language}/"
    config.ogp_site_url = config.html_baseurl
    config.ogp_custom_meta_tags = [
        f'<meta property="og:locale" content="{OG_LOCALES[language]}" />',
        *(
            f'<meta property="og:locale:alternate" content="{OG_LOCALES[other]}" />'
            for other in LANGUAGES
            if other != language
        ),
    ]


def root_page_problems(root: Path, site_url: str) -> list[str]:
    """Where the site-wide pages in ``root`` (copied as they are) disagree with ``site_url``."""
    expected = {
        "404.html": [f'<base href="{urlsplit(site_url).path}">'],
        "sitemap.xml": [f"<loc>{site_url}{language}/sitemap.xml</loc>" for language in LANGUAGES],
    }
    problems = []
    for name, snippets in expected.items():
        page = root / name
        text = page.read_text(encoding="utf-8") if page.is_file() else ""
        problems += [
            f"{page} does not contain {wanted}" for wanted in snippets if wanted not in text
        ]
    return problems


def check_root_pages(app) -> None:
    for problem in root_page_problems(Path(app.srcdir, "_root"), app.config.primer_site_url):
        logger.warning(f"{problem}: make it agree with SITE_URL in conf.py")


def as_list(value) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def gallery_file(examples: Path, name: str) -> Path | None:
    """The script of a Sphinx-Gallery page, or the header file of a gallery index."""
    if name == "index" or name.endswith("/index"):
        folder = (examples / name).parent
        return next((folder / h for h in GALLERY_HEADERS if (folder / h).is_file()), None)
    return examples / f"{name}.py"


def original_of(app, pagename: str) -> Path | None:
    """The file a page is made from: an example script (or gallery header) for a
    Sphinx-Gallery page, else the file Sphinx read; None for generated pages (search)."""
    conf = app.config.sphinx_gallery_conf
    folders = zip(as_list(conf["examples_dirs"]), as_list(conf["gallery_dirs"]), strict=True)
    for examples, gallery in folders:
        if pagename.startswith(f"{gallery}/"):
            return gallery_file(Path(app.srcdir, examples), pagename.removeprefix(f"{gallery}/"))
    return Path(app.env.doc2path(pagename)) if pagename in app.env.all_docs else None


def catalog_of(app, pagename: str) -> Path | None:
    """The page's translation catalog in this language (one per page: gettext_compact off)."""
    language = language_of(app.config)
    if language == "en":
        return None
    folder = Path(app.srcdir, app.config.locale_dirs[0], language, "LC_MESSAGES")
    catalog = folder / f"{pagename}.po"
    return catalog if catalog.is_file() else None


def source_of(app, pagename: str) -> Path | None:
    """What holds the page's text, relative to the repository (the folder above docs)."""
    source = catalog_of(app, pagename) or original_of(app, pagename)
    if source is None or not source.is_file():
        return None
    return source.resolve().relative_to(Path(app.srcdir).parent.resolve())


def report_url(repository: str, page: str, address: str) -> str:
    query = urlencode({"title": f"{page}: ", "body": f"Page: {address}\n\n"}, quote_via=quote)
    return f"https://github.com/{repository}/issues/new?{query}"


def add_page_links(app, pagename, templatename, context, doctree) -> None:
    """``page_links`` for ``page-links.html``: edit and report URLs of this page."""
    repository = app.config.primer_repository
    source = source_of(app, pagename)
    page = f"{language_of(app.config)}/{pagename}.html"
    context["page_links"] = {
        "edit": source and f"https://github.com/{repository}/edit/main/{source.as_posix()}",
        "translation": source is not None and source.suffix == ".po",
        "report": report_url(repository, page, f"{app.config.html_baseurl}{pagename}.html"),
    }


SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"


def sitemap(site_url: str, language: str, pages) -> ElementTree.ElementTree:
    """``<urlset>``: each page's address in ``language``, with its address in every language."""
    ElementTree.register_namespace("", SITEMAP)
    ElementTree.register_namespace("xhtml", XHTML)
    urlset = ElementTree.Element(f"{{{SITEMAP}}}urlset")
    for page in sorted(pages):
        url = ElementTree.SubElement(urlset, f"{{{SITEMAP}}}url")
        ElementTree.SubElement(url, f"{{{SITEMAP}}}loc").text = f"{site_url}{language}/{page}.html"
        for other, names in LANGUAGES.items():
            link = ElementTree.SubElement(url, f"{{{XHTML}}}link", rel="alternate")
            link.set("hreflang", names["hreflang"])
            link.set("href", f"{site_url}{other}/{page}.html")
    return ElementTree.ElementTree(urlset)


def write_sitemap(app, exception) -> None:
    """This language's ``sitemap.xml``: every page of the environment, not just those written."""
    if exception is None and app.builder.format == "html":
        tree = sitemap(app.config.primer_site_url, language_of(app.config), app.env.found_docs)
        tree.write(Path(app.outdir, "sitemap.xml"), encoding="utf-8", xml_declaration=True)


def setup(app):
    # The site's address and repository: also read by the downloads and colab extensions.
    for name in ("primer_site_url", "primer_repository"):
        app.add_config_value(name, "", "html", types=frozenset({str}))
    app.connect("config-inited", set_addresses)
    app.connect("builder-inited", check_root_pages)
    app.connect("html-page-context", add_page_links)
    app.connect("build-finished", write_sitemap)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
