"""The course's method holds in its code: statistics from the training part, the test set once.

The data page holds out 5,000 of the 60,000 MNIST training images with a seeded
``random_split`` and computes the normalisation statistics on the other 55,000; every page
that normalises MNIST uses those numbers. On the learning path, only the final recipe of the
faster-and-better page scores on the test split.
"""

from __future__ import annotations

import re

import torch
from helpers.project import EXAMPLES, REPO
from torch.utils.data import random_split

#: ``v2.Normalize((0.1307,), (0.3082,))`` or ``.sub_(0.1307).div_(0.3082)``.
NORMALIZE = re.compile(
    r"Normalize\(\(([\d.]+),\), \(([\d.]+),\)\)|\.sub_\(([\d.]+)\)\.div_\(([\d.]+)\)"
)
#: The pages of the learning path that may read MNIST's test split: the data page shows its
#: size, and the faster-and-better page measures its final recipe on it, once.
READ_THE_TEST_SPLIT = {"01-fundamentals/06_data.py", "02-training/04_faster_better.py"}


def normalisations() -> dict[str, set[tuple[float, float]]]:
    """For every example that normalises MNIST: the (mean, std) pairs it uses."""
    found = {}
    for example in EXAMPLES:
        pairs = {
            tuple(float(v) for v in match.groups() if v is not None)
            for match in NORMALIZE.finditer(example.read_text(encoding="utf-8"))
        }
        if pairs:
            found[example.relative_to(REPO / "gallery").as_posix()] = pairs
    return found


def code_lines(example) -> list[str]:
    """The lines of an example that are code, not its text cells or comments."""
    lines = example.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if not line.lstrip().startswith("#")]


def test_every_page_normalises_with_the_training_parts_statistics(mnist_root):
    from torchvision import datasets

    mnist = datasets.MNIST(mnist_root, train=True, download=False)
    train_part, _ = random_split(
        range(len(mnist)), [55_000, 5_000], generator=torch.Generator().manual_seed(0)
    )
    pixels = mnist.data[train_part.indices].float() / 255
    expected = (round(pixels.mean().item(), 4), round(pixels.std().item(), 4))
    found = normalisations()
    assert "01-fundamentals/06_data.py" in found, "the data page no longer normalises MNIST"
    wrong = {page: pairs for page, pairs in found.items() if pairs - {(0.5, 0.5), expected}}
    assert not wrong, f"normalise with the training part's {expected}, not: {wrong}"


def test_only_the_final_recipe_scores_on_the_test_split():
    """On the path and off it (the optional pages too), every page judges on the validation
    set and leaves the test set to the final recipe."""
    readers = {
        example.relative_to(REPO / "gallery").as_posix()
        for example in EXAMPLES
        if any("train=False" in line for line in code_lines(example))
    }
    assert readers == READ_THE_TEST_SPLIT, (
        f"pages that read MNIST's test split: {sorted(readers)}; judge on the validation set "
        "and leave the test set to the final recipe"
    )
