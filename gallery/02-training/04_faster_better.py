"""
.. _gallery_faster_better:

Making the CNN faster and better
================================

**What you will learn:**

* what batch normalization, a one-cycle learning rate, label smoothing, ``channels_last``
  and data augmentation each do;
* to measure each change against a baseline on a short schedule, on the validation set;
* to combine the changes into one recipe, train it, and test it once on the test set.

**What you need:** :ref:`gallery_mnist_cnn`.

**Time:** about 30 minutes.

The baseline of :ref:`gallery_mnist_cnn` works, but nothing about it was chosen with care.
Many changes promise a better or faster network. Rather than adding them all at once, this
page tries each one alone on the baseline, with the same short schedule and the same
validation images, and prints one table. Then it trains the combination for longer and,
for the first and only time on this path, measures it on the test set.
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
# The data
# --------
# The same tensors as on the baseline page: the ``transforms.v2`` pipeline run once over
# all images, and the same seeded split into 55,000 training and 5,000 validation images.
# The test images are loaded too, but stay unused until the last section.
import os

from torch.utils.data import random_split
from torchvision import datasets
from torchvision.transforms import v2

root = os.environ.get("PRIMER_DATA", "data")
to_model_input = v2.Compose(
    [v2.ToDtype(torch.float32, scale=True), v2.Normalize((0.1307,), (0.3081,))]
)


def load_split(train):
    """All images of one MNIST split as a normalized tensor (N, 1, 28, 28), and the labels."""
    mnist = datasets.MNIST(root, train=train, download=True)
    return to_model_input(mnist.data.unsqueeze(1)).to(device), mnist.targets.to(device)


all_images, all_labels = load_split(train=True)
train_split, validation_split = random_split(
    range(len(all_labels)), [55_000, 5_000], generator=torch.Generator().manual_seed(0)
)
train_images, train_labels = all_images[train_split.indices], all_labels[train_split.indices]
val_images, val_labels = all_images[validation_split.indices], all_labels[validation_split.indices]
test_images, test_labels = load_split(train=False)
print(f"training: {len(train_labels)} | validation: {len(val_labels)} | test: {len(test_labels)}")

# %%
# The changes
# -----------
# A ``Recipe`` says which changes are switched on; the baseline is ``Recipe()``, all off.
#
# * **Batch normalization.** ``BatchNorm2d`` rescales each channel to zero mean and unit
#   variance over the batch, then applies a learned scale and shift. Each layer then sees
#   inputs of a steady size while the layers before it change, which allows a higher
#   learning rate. The convolution before it needs no bias: the normalization would remove
#   it.
# * **A one-cycle learning rate.** ``OneCycleLR`` raises the learning rate from a small value
#   to ``MAX_LR`` during the first quarter of training, then lowers it to almost zero. The
#   high middle part moves fast; the low end settles the weights. It is paired with
#   ``AdamW``, as is usual.
# * **Label smoothing.** ``label_smoothing=0.1`` asks the network for 90 % (plus a share of
#   the remaining 10 %) on the right digit instead of 100 %, which keeps it from becoming
#   overconfident on the training images.
# * **channels_last.** A batch is normally stored channel by channel. In ``channels_last``
#   memory format the channels of each pixel sit next to each other, which many convolution
#   implementations prefer: those for GPUs (most of all in half precision) and oneDNN, the
#   CPU library, on many processors. Nothing about the network changes, only how its
#   tensors are laid out in memory, so only the time column can move.
# * **Augmentation.** Training on slightly moved, turned and resized copies of the digits
#   teaches the network that those changes do not change the digit.
from dataclasses import dataclass

import torch.nn.functional as F
from torch import nn

BATCH_SIZE = 256
BASELINE_LR = 1e-3
MAX_LR = 0.02


@dataclass(frozen=True)
class Recipe:
    batch_norm: bool = False
    one_cycle: bool = False
    label_smoothing: float = 0.0
    channels_last: bool = False
    augment: bool = False


def new_model(recipe):
    """The baseline CNN, with the changes of ``recipe`` that concern the model."""
    bias = not recipe.batch_norm  # batch normalization would remove a bias
    norm = nn.BatchNorm2d if recipe.batch_norm else nn.Identity
    model = nn.Sequential(
        nn.Conv2d(1, 16, kernel_size=5, stride=2, padding=2, bias=bias),
        norm(16),
        nn.ReLU(inplace=True),
        nn.Conv2d(16, 32, kernel_size=3, padding=1, bias=bias),
        nn.MaxPool2d(2),
        norm(32),
        nn.ReLU(inplace=True),
        nn.Flatten(),
        nn.Linear(32 * 7 * 7, 128),
        nn.ReLU(inplace=True),
        nn.Linear(128, 10),
    ).to(device)
    if recipe.channels_last:
        model = model.to(memory_format=torch.channels_last)
    return model


def new_optimizer(model, recipe, total_steps):
    """Adam at a fixed learning rate, or AdamW with a one-cycle schedule (step every batch)."""
    if not recipe.one_cycle:
        return torch.optim.Adam(model.parameters(), lr=BASELINE_LR), None
    optimizer = torch.optim.AdamW(model.parameters(), lr=MAX_LR)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(
        optimizer, max_lr=MAX_LR, total_steps=total_steps, pct_start=0.25
    )
    return optimizer, scheduler


# %%
# Augmentation on whole batches
# -----------------------------
# In a Dataset, ``v2.RandomAffine(degrees=10, translate=(0.07, 0.07), scale=(0.9, 1.1))``
# would move each image as it is read. Applied to a batch tensor, though, it draws *one*
# random transformation for the whole batch. Here every image gets its own:
# ``F.affine_grid`` turns one 2×3 matrix per image into a sampling grid, and
# ``F.grid_sample`` reads the moved pixels from it, for the whole batch in one call.
# ``padding_mode="border"`` fills the edges with the background value.
import math

MAX_SHIFT = 2.0  # pixels
MAX_ROTATION = 10.0  # degrees
MAX_ZOOM = 0.1  # ±10 %


def augment(images):
    """Shift, rotate and zoom every image of a batch by its own small random amount."""
    n = images.shape[0]

    def uniform(bound, *shape):
        return (torch.rand(n, *shape, device=images.device) * 2 - 1) * bound

    angle = uniform(math.radians(MAX_ROTATION))
    scale = 1 + uniform(MAX_ZOOM)
    shift = uniform(2 * MAX_SHIFT / images.shape[-1], 2)  # grid coordinates span [-1, 1]
    cos, sin = torch.cos(angle) / scale, torch.sin(angle) / scale
    theta = torch.stack(
        [torch.stack([cos, -sin, shift[:, 0]], dim=1), torch.stack([sin, cos, shift[:, 1]], dim=1)],
        dim=1,
    )
    grid = F.affine_grid(theta, list(images.shape), align_corners=False)
    return F.grid_sample(images, grid, padding_mode="border", align_corners=False)


# %%
# Eight training digits, and the same digits as one call of ``augment`` returns them:
import matplotlib.pyplot as plt

sample = train_images[:8]
fig = plt.figure(figsize=(3.6, 4.4), layout="constrained")
for panel, title, digits in zip(
    fig.subfigures(2, 1), ("original", "augmented"), (sample, augment(sample)), strict=True
):
    panel.suptitle(title)
    for ax, digit in zip(panel.subplots(2, 4).flat, digits, strict=True):
        ax.imshow(digit[0].cpu(), cmap="gray_r")
        ax.set_xticks([])
        ax.set_yticks([])
plt.show()

# %%
# One training function for every recipe
# --------------------------------------
# ``train`` builds a fresh model from the same seed, so every recipe starts from the same
# random numbers, and returns it with the loss of every step and the training time. The
# time is taken after the last loss has been copied to the CPU, which waits for an
# accelerator to finish its queued work.
import time


def train(recipe, images, labels, epochs):
    torch.manual_seed(0)
    model = new_model(recipe)
    steps_per_epoch = len(images) // BATCH_SIZE
    optimizer, scheduler = new_optimizer(model, recipe, epochs * steps_per_epoch)
    started = time.perf_counter()
    losses = []
    for _ in range(epochs):
        model.train()
        order = torch.randperm(len(images), device=images.device)
        for step in range(steps_per_epoch):
            index = order[step * BATCH_SIZE : (step + 1) * BATCH_SIZE]
            batch = augment(images[index]) if recipe.augment else images[index]
            logits = model(batch)
            loss = F.cross_entropy(logits, labels[index], label_smoothing=recipe.label_smoothing)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            if scheduler is not None:
                scheduler.step()
            losses.append(loss.detach())
    losses = torch.stack(losses).cpu()
    return model, losses, time.perf_counter() - started


def predict(model, images, batch_size=2000):
    """The predicted digit for every image, in large batches, in evaluation mode."""
    model.eval()
    with torch.inference_mode():
        return torch.cat([model(chunk).argmax(dim=1) for chunk in images.split(batch_size)])


def accuracy(model, images, labels):
    return (predict(model, images) == labels).float().mean().item()


# %%
# Each change against the baseline
# --------------------------------
# The short schedule: one epoch over the first 6,000 training images, the same for every
# row. Each row switches on one change; the last row switches on all of them. The columns
# are the validation accuracy, its difference from the baseline in percentage points, and
# the training time relative to the baseline's. The first use of a layer in a process pays
# one-time costs (setting up its computation, allocating memory), so every recipe first
# trains on two batches, untimed: the times then compare the recipes, not the order in
# which they ran.
SHORT_IMAGES, SHORT_EPOCHS = 6_000, 1
RECIPE = Recipe(
    batch_norm=True,
    one_cycle=True,
    label_smoothing=0.1,
    channels_last=True,
    augment=True,
)
candidates = {
    "baseline": Recipe(),
    "+ batch norm": Recipe(batch_norm=True),
    "+ one-cycle LR": Recipe(one_cycle=True),
    "+ label smoothing": Recipe(label_smoothing=0.1),
    "+ channels_last": Recipe(channels_last=True),
    "+ augmentation": Recipe(augment=True),
    "all together": RECIPE,
}

for recipe in candidates.values():  # untimed warm-up: two batches each
    train(recipe, train_images[: 2 * BATCH_SIZE], train_labels[: 2 * BATCH_SIZE], 1)

results = {}
for name, recipe in candidates.items():
    model, _, seconds = train(
        recipe, train_images[:SHORT_IMAGES], train_labels[:SHORT_IMAGES], SHORT_EPOCHS
    )
    results[name] = (accuracy(model, val_images, val_labels), seconds)

base_accuracy, base_seconds = results["baseline"]
print(f"{'recipe':<22} {'val acc':>8} {'vs base':>8} {'time':>7} {'vs base':>8}")
for name, (val_accuracy, seconds) in results.items():
    print(
        f"{name:<22} {val_accuracy:>8.2%} {100 * (val_accuracy - base_accuracy):>+8.2f} "
        f"{seconds:>6.1f}s {seconds / base_seconds:>7.2f}×"
    )
print(f"({SHORT_EPOCHS} epoch, {SHORT_IMAGES:,} images, {device})")

# %%
# Reading the table
# -----------------
# A few things to look for in the table above, on whatever device built this page:
#
# * Batch normalization and the one-cycle schedule are about *speed of learning*: on a
#   schedule this short they show up directly in the accuracy column.
# * Label smoothing and augmentation are *regularizers*: they make the training task harder
#   so that the network generalizes better. On one short epoch they may not help at all;
#   they pay off on longer training, which is why they stay in the recipe.
# * ``channels_last`` is about *time* only. Whether it is faster depends on the device and
#   the library versions: read the time column rather than trusting a rule. Batch
#   normalization and augmentation cost some time per step.
# * One run per row means some noise: a difference of a few tenths of a point on 5,000
#   validation images can come from the random seed alone.
#
# The combined recipe
# -------------------
# The recipe switches on every change and trains for two epochs on all 55,000 training
# images, then prints its validation accuracy.
EPOCHS = 2

model, step_losses, seconds = train(RECIPE, train_images, train_labels, EPOCHS)
print(f"val accuracy: {accuracy(model, val_images, val_labels):.2%}")
print(f"training time: {seconds:.1f} s ({device})")

# %%
# The test set, once
# ------------------
# All choices are made, so the test set can now give its one honest number: how the
# recipe does on digits that played no part in any decision.
predictions = predict(model, test_images)
correct = (predictions == test_labels).sum().item()
print(f"test accuracy: {correct / len(test_labels):.2%} ({correct:,} of {len(test_labels):,})")

# %%
# For comparison with published work: LeNet-5, the convolutional network that LeCun and
# colleagues published for this dataset in 1998 (`"Gradient-based learning applied to
# document recognition" <https://doi.org/10.1109/5.726791>`__, Proceedings of the IEEE), had
# a test error of 0.95 %.
#
# The confusion matrix
# --------------------
# Row *i*, column *j* counts the test images of digit *i* that the network read as *j*. The
# dark diagonal holds the correct answers; the numbers in the other cells count the mistakes
# (a blank cell has none). ``torch.bincount`` counts all 100 (true, predicted) pairs in one
# call. The colours are on a logarithmic scale so that single mistakes stand out next to the
# thousand correct answers of each row. Below the matrix, the three most frequent mistakes,
# written true → predicted, with their counts.
from matplotlib.colors import LogNorm

true_cpu, predicted_cpu = test_labels.cpu(), predictions.cpu()
confusion = torch.bincount(true_cpu * 10 + predicted_cpu, minlength=100).reshape(10, 10)

fig, ax = plt.subplots(figsize=(3.6, 3.6))
ax.imshow(confusion.clamp(min=1), cmap="Blues", norm=LogNorm())
for i in range(10):
    for j in range(10):
        count = confusion[i, j].item()
        if count and i != j:
            ax.text(j, i, count, ha="center", va="center")
ax.set_xticks(range(10))
ax.set_yticks(range(10))
ax.set_xlabel("predicted")
ax.set_ylabel("true")
fig.tight_layout()
plt.show()

off_diagonal = confusion - torch.diag(confusion.diagonal())
worst = off_diagonal.flatten().topk(3)
for count, pair in zip(worst.values.tolist(), worst.indices.tolist(), strict=True):
    print(f"{pair // 10} → {pair % 10}: {count}")

# %%
# The mistakes
# ------------
# The first 24 misclassified test digits, with the true label and the prediction. Many of
# them are hard for a person too.
wrong = (predicted_cpu != true_cpu).nonzero().flatten()
print(f"misclassified: {len(wrong)}")

fig, axes = plt.subplots(6, 4, figsize=(3.6, 6.6))
for ax, index in zip(axes.flat, wrong[:24].tolist(), strict=False):
    ax.imshow(test_images[index, 0].cpu(), cmap="gray_r")
    ax.set_title(f"{true_cpu[index]} → {predicted_cpu[index]}")
for ax in axes.flat:
    ax.axis("off")
fig.suptitle("true → predicted")
fig.tight_layout()
plt.show()

# %%
# A test accuracy is a promise only as long as the test set is not used again to choose.
# If you try more changes, judge them on the validation set and keep the test set for the
# next final answer.

# %%
# Exercises
# ---------
#
# 1. *Easy.* Pass a batch of 8 random 3-channel images with mean 5 and standard
#    deviation 2 through a new ``nn.BatchNorm2d(3)``, first in training mode,
#    then in evaluation mode. Print each channel's mean and standard deviation
#    both times, and explain the difference.
#
# .. dropdown:: Solution
#
#    .. literalinclude:: /../snippets/exercises/faster_better_1.py
#       :language: python
#       :lines: 3-
#
#    .. literalinclude:: /../snippets/exercises/faster_better_1.out
#       :language: none
#
# 2. *Medium.* Build a ``OneCycleLR`` schedule with ``max_lr=0.02`` and
#    ``pct_start=0.25`` for 100 steps, and record the learning rate of every step. What
#    are the first and the last rate, and at which step is it highest?
#
# .. dropdown:: Solution
#
#    .. literalinclude:: /../snippets/exercises/faster_better_2.py
#       :language: python
#       :lines: 3-
#
#    .. literalinclude:: /../snippets/exercises/faster_better_2.out
#       :language: none
#
# 3. *Harder.* Ten logits give the right class a lead of ``gap`` over the nine others.
#    Compare the cross-entropy with and without ``label_smoothing=0.1`` for a
#    few gaps. Which gap minimises the smoothed loss, and why?
#
# .. dropdown:: Solution
#
#    .. literalinclude:: /../snippets/exercises/faster_better_3.py
#       :language: python
#       :lines: 3-
#
#    .. literalinclude:: /../snippets/exercises/faster_better_3.out
#       :language: none
#
# 4. *Harder.* Before calling a change a win, measure the seed's noise. On synthetic data
#    (ten classes of points in 20 dimensions, 200 to train on, 500 to validate on), train a
#    small MLP with and without ``label_smoothing=0.1`` for four seeds, the same seed giving
#    both runs the same starting weights. Print the difference seed by seed, and the
#    spread of the plain runs. Is label smoothing a win here?
#
# .. dropdown:: Solution
#
#    .. literalinclude:: /../snippets/exercises/faster_better_4.py
#       :language: python
#       :lines: 3-
#
#    .. literalinclude:: /../snippets/exercises/faster_better_4.out
#       :language: none
#
#    No. Every difference is smaller than the spread the seed alone gives, and on each seed
#    the smoothed run scores a little lower: comparing run with run of the same seed takes
#    much of that spread away, so the same sign four times hints at a small cost here, not
#    a gain. A change is shown to help when it wins on most seeds, by more than the noise.

# %%
# **Next:** :ref:`gallery_checkpoint`, to save this model, load it safely, and resume a
# training run that was interrupted.
