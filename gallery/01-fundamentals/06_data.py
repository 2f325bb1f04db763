"""
.. _gallery_data:

Datasets and DataLoader
=======================

A model learns from many examples, served a :term:`batch` at a time. After this page you
can write your own :term:`Dataset`, batch and shuffle it with a :term:`DataLoader`,
prepare images with :term:`transforms <transform>`, load MNIST through torchvision, and
explain what ``Normalize`` does to the pixel values.

**Assumes:** :ref:`gallery_tensors`; the MNIST files are downloaded on first use (about
12 MB).
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
# datasets take one as ``transform=``, and ``transforms.Compose`` chains several.
# ``ToTensor`` turns an image with pixels 0–255 of shape ``(H, W)`` into a ``float32``
# tensor of shape ``(1, H, W)`` with values in [0, 1]; ``Normalize(mean, std)`` then
# computes ``(x - mean) / std`` for each channel. (torchvision also has a newer
# ``transforms.v2`` module with the same ideas and more features.)
import os

from torchvision import datasets, transforms

transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.5,), (0.5,))])

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
# Study note 000 calls ``dataiter.next()``, twice. That method belonged to Python 2's
# iterator protocol; PyTorch's loader iterators no longer have it, and the call fails:
dataiter = iter(train_loader)
try:
    images, labels = dataiter.next()
except AttributeError as err:
    print(f"Expected error: {type(err).__name__}: {err}")

# %%
# The loop ``for images, labels in train_loader:`` calls ``next`` for you, one batch at a
# time, until the epoch is over. In a training loop, move each batch to the device there:
# ``images.to(device)`` (see :ref:`gallery_devices`).
#
# What ``Normalize`` does to the pixels
# -------------------------------------
# The notes normalize with ``Normalize((0.5,), (0.5,))``. That maps the pixel range
# [0, 1] onto [−1, 1]; it does not give the data mean 0 and standard deviation 1, because
# MNIST is mostly black background. The dataset's own statistics can be computed from the
# raw ``uint8`` pixels that ``train_set.data`` holds, all 60,000 images at once, without
# running the transforms:
pixels = train_set.data.float() / 255  # the [0, 1] values ToTensor produces
mean, std = pixels.mean().item(), pixels.std().item()
print(f"MNIST training pixels: mean {mean:.4f}, std {std:.4f}")

# %%
# These are the well-known 0.1307 and 0.3081. Compare the values each choice produces:
for name, (m, s) in {"(0.5, 0.5)": (0.5, 0.5), "(0.1307, 0.3081)": (0.1307, 0.3081)}.items():
    values = (pixels - m) / s
    print(
        f"Normalize{name:>17}: min {values.min():7.4f}  max {values.max():7.4f}"
        f"  mean {values.mean():7.4f}  std {values.std():.4f}"
    )

# %%
# Both train well on MNIST; standardizing with the data's own mean and std is the usual
# choice, because it puts every input on the scale the default weight initialization
# assumes. Compute the statistics on the training set only, and use the same numbers for
# the test set.
#
# Looking at the data
# -------------------
# The first 16 images of the batch above, with their labels (the same 16 labels that were
# printed). ``imshow`` scales the
# normalized values to the colour map by itself; ``squeeze`` drops the channel dimension.
import matplotlib.pyplot as plt

fig, axes = plt.subplots(2, 8, figsize=(7.2, 2.3), facecolor="white")
for ax, img, lab in zip(axes.flat, images[:16], labels[:16], strict=True):
    ax.imshow(img.squeeze(0).numpy(), cmap="gray_r")
    ax.set_title(str(lab.item()), fontsize=11)
    ax.axis("off")
fig.tight_layout()
plt.show()

# %%
# Where the notes go wrong
# ------------------------
# * Note 000 calls ``dataiter.next()``, which no longer exists; use ``next(dataiter)``.
# * Note 000 builds its "test" loader with ``train=True``, so it would test on the
#   training images; the test set is ``train=False``.
# * Notes 000 and 002 normalize MNIST with ``Normalize((0.5,), (0.5,))``. That works, but
#   it only maps [0, 1] to [−1, 1] and leaves the mean at about −0.74; it does not
#   standardize the data, whose own mean and std are 0.1307 and 0.3081.
#
# Next, put these pieces together in a training loop: :ref:`gallery_regression`.
