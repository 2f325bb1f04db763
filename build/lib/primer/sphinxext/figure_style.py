"""One matplotlib style for every example's figures, readable on a phone.

A phone 390 px wide shows the article 358 px wide, and scales a wider figure down to that. A
figure at most ``MAX_WIDTH`` inches wide, drawn at ``DPI`` with text of ``FONT_SIZE`` points
or more, keeps its text no smaller than the body text (16 px) there: 12 pt at 100 dpi is
16.7 px, and a 3.6-inch figure shrinks by 358/360 at most. tests/test_site.py checks the
built figures against these numbers.

Sphinx-Gallery calls :func:`reset_matplotlib` before each example (``reset_modules`` in
conf.py), after its own reset of matplotlib, so that the examples a reader downloads stay
free of styling code. Figures keep the style's sizes by leaving out ``fontsize`` arguments.
"""

#: The widest figure, in inches.
MAX_WIDTH = 3.6
#: Resolution of the 1x images; Sphinx-Gallery also writes 2x ones (``image_srcset``).
DPI = 100
#: The smallest text of a figure, in points: matplotlib's "medium", which tick labels,
#: legends and annotations use; titles are larger.
FONT_SIZE = 12

STYLE = {
    "figure.figsize": (MAX_WIDTH, 2.7),
    "figure.dpi": DPI,
    "savefig.dpi": DPI,
    "font.size": FONT_SIZE,
    "axes.titlesize": "large",
    "axes.labelsize": "medium",
    "xtick.labelsize": "medium",
    "ytick.labelsize": "medium",
    "legend.fontsize": "medium",
    "legend.title_fontsize": "medium",
    "figure.titlesize": "large",
}


def reset_matplotlib(gallery_conf, fname) -> None:
    """Sphinx-Gallery's ``reset_modules`` hook: apply :data:`STYLE`."""
    import matplotlib

    matplotlib.rcParams.update(STYLE)
