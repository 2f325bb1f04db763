"""Draw the gallery thumbnails of the examples that have no figure of their own.

Sphinx-Gallery makes a thumbnail from an example's first figure; an example without one
names a drawing made here (``# sphinx_gallery_thumbnail_path = "_static/thumbnails/..."``).
The drawings hold no text, so both languages share them. Run once after changing one, and
commit the PNGs::

    python -m primer.build.thumbnails
"""

from itertools import pairwise

import matplotlib

from primer import REPO

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402 - after choosing the backend
from matplotlib import patches  # noqa: E402

FOLDER = REPO / "docs" / "_static" / "thumbnails"
#: Sphinx-Gallery's thumbnail size (400 x 280 px).
SIZE, DPI = (4.0, 2.8), 100
BLUE, ORANGE, GREY, RED = "#3b6fb6", "#ee7733", "#9a9a9a", "#cc3311"


def canvas():
    fig = plt.figure(figsize=SIZE, dpi=DPI, facecolor="white")
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 7)
    ax.set_aspect("equal")
    ax.axis("off")
    return fig, ax


def tensors(ax):
    """Three stacked 3 x 3 grids: a tensor of rank 3."""
    for layer, colour in enumerate((GREY, ORANGE, BLUE)):
        for row in range(3):
            for column in range(3):
                x, y = 2.6 + column * 1.2 + layer * 0.6, 1.0 + row * 1.2 + layer * 0.6
                ax.add_patch(patches.Rectangle((x, y), 1.1, 1.1, fc=colour, ec="white", lw=2))


def devices(ax):
    """A chip: a square die with pins on every side."""
    ax.add_patch(patches.FancyBboxPatch((3.2, 1.7), 3.6, 3.6, "round,pad=0.2", fc=BLUE))
    ax.add_patch(patches.Rectangle((4.2, 2.7), 1.6, 1.6, fc=ORANGE))
    for i in range(5):
        offset = 3.6 + i * 0.7
        for x, y, w, h in ((offset, 5.5, 0.3, 0.8), (offset, 0.7, 0.3, 0.8)):
            ax.add_patch(patches.Rectangle((x, y), w, h, fc=GREY))
        for x, y, w, h in ((2.2, offset - 0.1, 0.8, 0.3), (7.0, offset - 0.1, 0.8, 0.3)):
            ax.add_patch(patches.Rectangle((x, y), w, h, fc=GREY))


def network(ax):
    """Three layers of neurons, every one joined to the next layer's."""
    layers = [(2, [1.5, 3.5, 5.5]), (5, [1.0, 2.7, 4.3, 6.0]), (8, [2.5, 4.5])]
    for (x0, ys0), (x1, ys1) in pairwise(layers):
        for y0 in ys0:
            for y1 in ys1:
                ax.plot([x0, x1], [y0, y1], color=GREY, lw=1.5, zorder=1)
    for (x, ys), colour in zip(layers, (BLUE, ORANGE, BLUE), strict=True):
        for y in ys:
            ax.add_patch(patches.Circle((x, y), 0.55, fc=colour, zorder=2))


def descent(ax):
    """A loss curve and the steps of gradient descent rolling down into its minimum."""
    xs = [i / 20 for i in range(-80, 81)]
    ax.plot([5 + x for x in xs], [1 + 0.3 * x * x for x in xs], color=BLUE, lw=4)
    for x in (-3.6, -2.4, -1.5, -0.8, -0.3):
        ax.add_patch(patches.Circle((5 + x, 1.45 + 0.3 * x * x), 0.35, fc=ORANGE, zorder=3))


def warning(ax):
    """A warning sign."""
    ax.add_patch(patches.Polygon([(2.5, 0.8), (7.5, 0.8), (5, 6.3)], fc=ORANGE, joinstyle="round"))
    ax.add_patch(patches.FancyBboxPatch((4.75, 2.6), 0.5, 2.0, "round,pad=0.05", fc="white"))
    ax.add_patch(patches.Circle((5, 1.75), 0.35, fc="white"))


def distributed(ax):
    """Four devices in a ring, each passing to the next."""
    places = [(2.5, 1.7), (7.5, 1.7), (7.5, 5.3), (2.5, 5.3)]
    for (x0, y0), (x1, y1) in zip(places, places[1:] + places[:1], strict=True):
        ax.annotate("", (x1, y1), (x0, y0), arrowprops={"arrowstyle": "-|>", "lw": 3,
                    "color": GREY, "shrinkA": 40, "shrinkB": 40, "mutation_scale": 25})  # fmt: skip
    for x, y in places:
        ax.add_patch(patches.FancyBboxPatch((x - 1, y - 0.9), 2, 1.8, "round,pad=0.1", fc=BLUE))
        ax.add_patch(patches.Rectangle((x - 0.4, y - 0.4), 0.8, 0.8, fc=ORANGE))


#: File name (the example's script name) and what draws it.
DRAWINGS = {
    "01_tensors": tensors,
    "03_devices": devices,
    "04_nn_module": network,
    "05_loss_optim": descent,
    "06_common_mistakes": warning,
    "01_distributed": distributed,
}


def main() -> None:
    FOLDER.mkdir(parents=True, exist_ok=True)
    for name, draw in DRAWINGS.items():
        fig, ax = canvas()
        draw(ax)
        fig.savefig(FOLDER / f"{name}.png", dpi=DPI, metadata={"Software": None})
        plt.close(fig)
        print(FOLDER / f"{name}.png")


if __name__ == "__main__":
    main()
