"""Math typeset when the site is built: each formula is an SVG in the page.

Client-side MathJax made a phone wait for a 1 MB script that then blocked the main thread
for 300-400 ms on the pages with math, and the site carried two copies of MathJax (24 MB
each). This extension registers the HTML math renderer ``svg``: when a page's doctree is
resolved, its formulas are typeset in one run of MathJax under Node
(``primer.build.math_svg``), and the page gets ``<span class="math">`` (inline) or
``<div class="math">`` (display) holding the SVG, hidden from screen readers, and the same
formula as MathML for them, hidden from the eye (``primer.build.math_svg.for_the_page``).
The TeX given to MathJax is what Sphinx's own MathJax renderer would give it, so formulas
look as they did.

Where MathJax cannot run at build time (no Node, or no network for ``npm ci``), the build
says so and uses Sphinx's ``mathjax`` renderer with the copy that ``sphinx-mathjax-offline``
puts in ``_static``: the chosen renderer is a configuration value of the ``env`` kind, so a
machine that gains or loses Node rebuilds every page. A formula MathJax cannot read is a
warning at its file and line, which fails the site's strict build.
"""

from __future__ import annotations

import shutil

from docutils import nodes
from sphinx.locale import _
from sphinx.util import logging
from sphinx.util.math import get_node_equation_number

from primer.build import math_svg

logger = logging.getLogger(__name__)

RENDERER = "svg"
CACHE = "primer-math.json"


def choose_renderer(app, config) -> None:
    """Typeset at build time when MathJax can run here; else serve MathJax to the reader."""
    if config.html_math_renderer is not None:
        return
    reason = math_svg.missing()
    config.html_math_renderer = "mathjax" if reason else RENDERER
    if not reason:  # another MathJax or markup: every page is written again (.buildinfo)
        config.primer_math = math_svg.signature()
    else:
        logger.info(math_svg.fallback_note(reason))
        app.setup_extension("sphinx-mathjax-offline")  # MathJax in _static: no CDN


def renders_here(app) -> bool:
    return app.builder.format == "html" and app.builder.math_renderer_name == RENDERER


def open_cache(app) -> None:
    if renders_here(app):
        app.builder.primer_math = math_svg.Cache(app.doctreedir / CACHE)


def display_tex(node: nodes.math_block) -> str:
    """The TeX that Sphinx's MathJax renderer typesets for a block (``math_svg.display_tex``)."""
    return math_svg.display_tex(node.astext(), node.get("no-wrap", node.get("nowrap", False)))


def formulas_of(doctree) -> list[tuple[nodes.Element, str, bool]]:
    found = [(node, node.astext(), False) for node in doctree.findall(nodes.math)]
    found += [(node, display_tex(node), True) for node in doctree.findall(nodes.math_block)]
    return found


def typeset_page(app, doctree, docname: str) -> None:
    """Typeset the page's formulas not yet cached, in one run of Node."""
    if not renders_here(app):
        return
    found = formulas_of(doctree)
    try:
        errors = app.builder.primer_math.typeset([(tex, display) for _, tex, display in found])
    except math_svg.MathError as error:
        raise RuntimeError(f"{docname}: math could not be typeset: {error}") from None
    for node, tex, display in found:
        if (tex, display) in errors:
            logger.warning(
                "MathJax cannot typeset %r: %s", tex, errors[tex, display], location=node
            )


def markup_of(translator, tex: str, display: bool) -> str:
    markup = translator.builder.primer_math.get(tex, display)
    return markup if markup is not None else f"<code>{translator.encode(tex)}</code>"


def visit_math(translator, node: nodes.math) -> None:
    translator.body.append(translator.starttag(node, "span", "", CLASS="math notranslate"))
    translator.body.append(markup_of(translator, node.astext(), display=False) + "</span>")
    raise nodes.SkipNode


def visit_math_block(translator, node: nodes.math_block) -> None:
    translator.body.append(translator.starttag(node, "div", CLASS="math notranslate"))
    if node.get("number"):
        number = get_node_equation_number(translator, node)
        translator.body.append(f'<span class="eqno">({number})')
        translator.add_permalink_ref(node, _("Link to this equation"))
        translator.body.append("</span>")
    translator.body.append(markup_of(translator, display_tex(node), display=True) + "</div>\n")
    raise nodes.SkipNode


def finish(app, exception) -> None:
    """Keep the cache; remove the MathJax that an earlier build, without Node, served."""
    if not renders_here(app):
        return
    if hasattr(app.builder, "primer_math"):
        app.builder.primer_math.save()
    shutil.rmtree(app.outdir / "_static" / "mathjax", ignore_errors=True)


def setup(app):
    app.add_html_math_renderer(RENDERER, (visit_math, None), (visit_math_block, None))
    app.add_config_value("primer_math", "", "html", types=frozenset({str}))
    app.connect("config-inited", choose_renderer)
    app.connect("builder-inited", open_cache)
    app.connect("doctree-resolved", typeset_page)
    app.connect("build-finished", finish)
    return {"parallel_read_safe": True, "parallel_write_safe": False}
