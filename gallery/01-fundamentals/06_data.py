"""
.. _gallery_data:

Datasets and DataLoader
=======================

A model learns from many examples, served a :term:`batch` at a time.

**What you will learn:** write your own :term:`Dataset`, batch and shuffle it with a
:term:`DataLoader`, prepare images with :term:`transforms <transform>`, load MNIST through
torchvision, hold out a validation set, and explain what ``Normalize`` does to the pixel
values.

**What you need:** :ref:`gallery_tensors`; the MNIST files are downloaded on first use
(about 12 MB).

.. lesson::
   :summary: A dataset of your own, batches and shuffling, transforms v2, MNIST through
      torchvision, a validation set held out from the training set, and what ``Normalize``
      does.
   :reason: to feed a model real data in batches.
   :search: DataLoader
   :minutes: 30
   :level: beginner
   :budget: 6

   1. Sixteen handwritten MNIST training digits from the batch above, each with its label.
"""

# %%
# Where this page ran
# -------------------
import platform

import torch

torch.manual_seed(0)
device = torch.accelerator.current_accelerator() if torch.accelerator.is_available() else "cpu"
print(f"device: {device} | torch {torch.__version__} | Python {platform.python_version()}")

# %%
# A dataset of your own
# ---------------------
# A map-style ``Dataset`` is any object with two methods: ``__len__`` says how many
# examples there are, and ``__getitem__`` returns example number ``i``, usually as an
# ``(input, target)`` pair. Here is a tiny one: the inputs are the numbers 0 to 9, the
# targets their squares.
from torch.utils.data import DataLoader, Dataset


class Squares(Dataset):
    def __init__(self, n):
        self.x = torch.arange(n, dtype=torch.float32)

    def __len__(self):
        return len(self.x)

    def __getitem__(self, i):
        return self.x[i], self.x[i] ** 2


squares = Squares(10)
print(len(squares), squares[3])

# %%
# Batches with ``DataLoader``
# ---------------------------
# ``DataLoader`` draws examples from a dataset and stacks them into batches: the ten pairs
# above become tensors with a batch dimension in front. ``shuffle=True`` draws a new order
# on every pass (an :term:`epoch`); a seeded ``generator`` makes that order repeatable. Ten
# examples in batches of four leave a last batch of two (``drop_last=True`` would drop it).
loader = DataLoader(squares, batch_size=4, shuffle=True, generator=torch.Generator().manual_seed(0))
for inputs, targets in loader:
    print(inputs, targets)

# %%
# Transforms
# ----------
# A transform is a function applied to each example as it is loaded. torchvision's
# datasets take one as ``transform=``, and ``v2.Compose`` chains several. This site uses
# ``torchvision.transforms.v2``, the current version of torchvision's transforms.
# ``ToImage`` turns a grey image with pixels 0–255 into a ``uint8`` tensor of shape
# ``(1, H, W)`` (of the class ``tv_tensors.Image``, a tensor that v2 knows is an image);
# ``ToDtype(torch.float32, scale=True)`` makes it ``float32`` with values in [0, 1];
# ``Normalize(mean, std)`` then computes ``(x - mean) / std`` for each channel. The mean and
# standard deviation here are those of the 55,000 images of the training part, computed at
# the end of this page.
import os

from torchvision import datasets
from torchvision.transforms import v2

transform = v2.Compose(
    [v2.ToImage(), v2.ToDtype(torch.float32, scale=True), v2.Normalize((0.1307,), (0.3082,))]
)

# %%
# MNIST through torchvision
# -------------------------
# MNIST has 60,000 training and 10,000 test images of handwritten digits, 28×28 pixels in
# grey. ``download=True`` fetches the files into ``root`` the first time and reuses them
# afterwards. ``train=True`` selects the training images, ``train=False`` the test images.
root = os.environ.get("PRIMER_DATA", "data")
train_set = datasets.MNIST(root, train=True, download=True, transform=transform)
test_set = datasets.MNIST(root, train=False, download=True, transform=transform)
print(len(train_set), len(test_set))

image, label = train_set[0]
print(type(image).__name__, image.shape, image.dtype, label)

# %%
# In a ``DataLoader``, batches of MNIST images have shape ``(batch, 1, 28, 28)``: the
# channel dimension is there because convolutions expect it. To look at one batch, make an
# iterator with ``iter`` and take its next item with the built-in ``next``:
train_loader = DataLoader(
    train_set, batch_size=64, shuffle=True, generator=torch.Generator().manual_seed(0)
)
images, labels = next(iter(train_loader))
print(images.shape, images.dtype)
print(labels.shape, labels.dtype)
print(labels[:16])

# %%
# The loop ``for images, labels in train_loader:`` calls ``next`` for you, one batch at a
# time, until the epoch is over. In a training loop, move each batch to the device there:
# ``images.to(device)`` (see :ref:`gallery_devices`). Older code calls
# ``dataiter.next()``, which no longer exists: see :ref:`Common mistakes <gallery_common_mistakes>`.
#
# A validation set, held out from the training set
# ------------------------------------------------
# Training means choices: how many epochs, which learning rate, which model. Each choice is
# judged by a score on images the model did not learn from. If that score came from the
# test set, the choices would be tuned to those 10,000 images, and the test score would no
# longer say how the model does on new ones. The honest method keeps three parts apart:
#
# * the **training set**, which the model learns from;
# * the **validation set**, held out from the training images, on which every choice is
#   judged;
# * the **test set**, used once, at the very end, to report the final model.
#
# ``random_split`` divides a dataset at random into parts of the sizes given. With a seeded
# ``generator`` the split is the same on every run, so the validation images never leak
# into training from one run to the next. Here 5,000 of the 60,000 training images are set
# aside:
from torch.utils.data import random_split

train_part, val_part = random_split(
    train_set, [55_000, 5_000], generator=torch.Generator().manual_seed(0)
)
print(len(train_part), len(val_part), len(test_set))
print(val_part.indices[:8])
print(set(train_part.indices).isdisjoint(val_part.indices))

# %%
# The parts are views of ``train_set``: they store indices and load the images from it,
# with its transform. Each gets its own ``DataLoader``; only the training part needs
# shuffling. The training pages that follow hold out their validation set the same way.
val_loader = DataLoader(val_part, batch_size=500)
val_images, val_labels = next(iter(val_loader))
print(val_images.shape, len(val_loader))

# %%
# What ``Normalize`` does to the pixels
# -------------------------------------
# Many tutorials normalize with ``Normalize((0.5,), (0.5,))``. That maps the pixel range
# [0, 1] onto [−1, 1]; it does not give the data mean 0 and standard deviation 1, because
# MNIST is mostly black background. The data's own statistics come from the raw ``uint8``
# pixels that ``train_set.data`` holds, without running the transforms. Only the training
# part counts: the validation images stand in for new digits, and nothing about them may
# shape the model, the statistics it is fed with included. ``train_part.indices`` picks the
# 55,000 training images out of the 60,000:
train_pixels = train_set.data[train_part.indices].float() / 255  # as ToDtype(scale=True)
mean, std = train_pixels.mean().item(), train_pixels.std().item()
print(f"training part: mean {mean:.4f}, std {std:.4f}")
all_pixels = train_set.data.float() / 255
print(f"all 60,000:    mean {all_pixels.mean():.4f}, std {all_pixels.std():.4f}")

# %%
# These are the 0.1307 and 0.3082 used in the transform above, and on every page that
# follows. Many tutorials use the statistics of all 60,000 images, the second line, which
# counts the validation images too: the difference is small, but only the first is honest.
# Compare the values each choice produces on the training part:
for name, (m, s) in {"(0.5, 0.5)": (0.5, 0.5), "(0.1307, 0.3082)": (0.1307, 0.3082)}.items():
    values = (train_pixels - m) / s
    print(
        f"Normalize{name:>17}: min {values.min():7.4f}  max {values.max():7.4f}"
        f"  mean {values.mean():7.4f}  std {values.std():.4f}"
    )

# %%
# Both are common; standardizing with the data's own mean and std is the usual choice,
# because it puts every input on the scale the default weight initialization assumes.
# Compute the statistics on the training part only, and use the same numbers for the
# validation and test images.
#
# Looking at the data
# -------------------
# The first 16 images of the batch above, with their labels (the same 16 labels that were
# printed). ``imshow`` scales the
# normalized values to the colour map by itself; ``squeeze`` drops the channel dimension.
import matplotlib.pyplot as plt

fig, axes = plt.subplots(4, 4, figsize=(3.6, 4.2), facecolor="white")
for ax, img, lab in zip(axes.flat, images[:16], labels[:16], strict=True):
    ax.imshow(img.squeeze(0).numpy(), cmap="gray_r")
    ax.set_title(str(lab.item()))
    ax.axis("off")
fig.tight_layout()
plt.show()

# %%
# Exercises
# ---------
#
# 1. *Easy.* Many datasets return a dictionary instead of a pair. Write a ``Dataset`` of
#    six items whose item ``i`` is ``{"xy": torch.tensor([i, -i]), "label": i % 2}``, and
#    predict what one batch of four from a ``DataLoader`` looks like. Then check.
#
# .. dropdown:: Solution
#
#    .. literalinclude:: /../snippets/exercises/data_1.py
#       :language: python
#       :lines: 3-
#
#    .. literalinclude:: /../snippets/exercises/data_1.out
#       :language: none
#
#    The batch is a dictionary with the same keys, each holding the four items' values
#    stacked: a ``(4, 2)`` tensor for ``"xy"`` and the four labels, turned into a tensor.
#
# 2. *Medium.* In a dataset of 100 items, ten belong to a rare class. A ``random_split``
#    sets 20 aside for validation: how many rare items would you expect among them? Count
#    them for the seeds 0 to 4. What does that mean for the validation score of that class?
#
# .. dropdown:: Solution
#
#    .. literalinclude:: /../snippets/exercises/data_2.py
#       :language: python
#       :lines: 3-
#
#    .. literalinclude:: /../snippets/exercises/data_2.out
#       :language: none
#
#    On average two, but a random split can leave the validation set with none of them, or
#    with three: a score measured on so few items changes a lot with the seed. When a class is
#    rare, split each class on its own in the same proportions (a *stratified* split), so that
#    every part gets its share.
#
# 3. *Harder.* Follow this page's rule for normalizing: on 1,000 values of one feature
#    (mean 5, standard deviation 2), split 800 for training and 200 for validation, compute
#    the mean and standard deviation on the training part only, and scale both parts with
#    them. Print the mean and standard deviation of each part after scaling: why is only
#    the training part exactly 0 and 1?
#
# .. dropdown:: Solution
#
#    .. literalinclude:: /../snippets/exercises/data_3.py
#       :language: python
#       :lines: 3-
#
#    .. literalinclude:: /../snippets/exercises/data_3.out
#       :language: none
#
#    The statistics were computed on the training part, so scaling it gives exactly 0 and 1.
#    The validation part is scaled with numbers it did not help compute, as new data will be:
#    close to 0 and 1, not exactly. That small difference is honest; statistics computed on
#    all 1,000 values would have let the validation values leak into the preprocessing.
