"""
.. _gallery_faster_better:

Making the CNN faster and better
================================

**What you will learn:**

* what batch normalization, a one-cycle learning rate, label smoothing, ``channels_last``
  and data augmentation each do;
* to measure how far the random seed alone moves a result;
* to compare changes one at a time, on the same budget, and to time them in a steady state;
* to keep only the changes the numbers support and test the result once.

**What you need:** :ref:`gallery_mnist_cnn`.

.. lesson::
   :summary: Batch normalization, a learning-rate schedule, label smoothing,
      ``channels_last`` and augmentation, each measured against the baseline one change at a
      time, over several seeds.
   :reason: where batch normalization, a learning-rate schedule, label smoothing,
      ``channels_last`` and augmentation are each measured against the CNN, its learning
      rate tuned first.
   :search: batch normalization
   :minutes: 30
   :level: advanced
   :budget: 25

   1. Eight training digits in two rows of four under "images" and, below them under
      "augment(images)", the same digits after a random shift, rotation and zoom.
   2. The confusion matrix of the test set: one row per true digit, one column per predicted
      digit. The dark diagonal holds almost every image; the other cells show the number of
      mistakes, and most of them are blank.
   3. The first 24 misclassified test digits, each labelled with its true and predicted
      digit.

Many changes promise a better or faster network than the baseline of
:ref:`gallery_mnist_cnn`. Added all at once, or run once each, they would tell us little:
two runs that differ only in their random seed already end at different accuracies. So this
page runs an experiment. It tunes the baseline's learning rate, tries each change alone
with three seeds, keeps only what the numbers support, and trains the result and the
baseline on the same longer budget.
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
    [v2.ToDtype(torch.float32, scale=True), v2.Normalize((0.1307,), (0.3082,))]
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
# A ``Recipe`` holds the learning rate and the changes switched on; ``Recipe()`` is the
# baseline: Adam at a constant rate, every change off.
#
# * **Batch normalization.** ``BatchNorm2d`` rescales each channel to zero mean and unit
#   variance over the batch, then applies a learned scale and shift, so each layer sees
#   inputs of a steady size. The convolution before it needs no bias.
# * **A one-cycle learning rate.** ``OneCycleLR`` raises the rate to the recipe's rate
#   during the first quarter of training, then lowers it to almost zero. With
#   ``cycle_momentum=False`` it leaves Adam's momentum alone, so only the schedule changes.
# * **Label smoothing.** ``label_smoothing=0.1`` asks for 90 % (plus a share of the other
#   10 %) on the right digit instead of 100 %, against overconfidence.
# * **Augmentation.** Slightly moved, turned and resized copies of the digits teach the
#   network that such changes do not change the digit.
# * **channels_last.** This memory format stores the channels of each pixel next to each
#   other, which many convolution implementations prefer. The network computes the same
#   function, so this change is judged by its time alone.
import dataclasses

import torch.nn.functional as F
from torch import nn

BATCH_SIZE = 256


@dataclasses.dataclass(frozen=True)
class Recipe:
    lr: float = 1e-3
    batch_norm: bool = False
    one_cycle: bool = False
    label_smoothing: float = 0.0
    augment: bool = False
    channels_last: bool = False


def describe(recipe):
    """The recipe as code, naming only what differs from ``Recipe()``."""
    changed = [
        f"{field.name}={getattr(recipe, field.name)!r}"
        for field in dataclasses.fields(recipe)
        if getattr(recipe, field.name) != field.default
    ]
    return f"Recipe({', '.join(changed)})"


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
    """Adam at the recipe's rate, constant or on a one-cycle schedule (a step every batch)."""
    optimizer = torch.optim.Adam(model.parameters(), lr=recipe.lr)
    if not recipe.one_cycle:
        return optimizer, None
    scheduler = torch.optim.lr_scheduler.OneCycleLR(
        optimizer, max_lr=recipe.lr, total_steps=total_steps, pct_start=0.25, cycle_momentum=False
    )
    return optimizer, scheduler


# %%
# Augmentation on whole batches
# -----------------------------
# Applied to a batch tensor, ``v2.RandomAffine`` draws *one* transformation for the whole
# batch. Here every image gets its own: ``F.affine_grid`` turns one 2×3 matrix per image
# into a sampling grid, and ``F.grid_sample`` reads the moved pixels from it in one call.
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
# Eight training digits (top) and the same digits as one call of ``augment`` returns them
# (bottom):
import matplotlib.pyplot as plt

sample = train_images[:8]
fig = plt.figure(figsize=(3.6, 4.4), layout="constrained")
for panel, title, digits in zip(
    fig.subfigures(2, 1), ("images", "augment(images)"), (sample, augment(sample)), strict=True
):
    panel.suptitle(title, family="monospace")
    for ax, digit in zip(panel.subplots(2, 4).flat, digits, strict=True):
        ax.imshow(digit[0].cpu(), cmap="gray_r")
        ax.set_xticks([])
        ax.set_yticks([])
plt.show()

# %%
# One training function for every recipe
# --------------------------------------
# ``train`` seeds the random number generator, so ``seed`` decides the starting weights,
# the order of the batches and the augmentation: on one machine, the same recipe and seed
# train the same network. It returns the model and the training time, taken once the last
# loss is on the CPU, which waits for an accelerator to finish.
import time


def train_step(model, optimizer, recipe, images, labels):
    """One forward pass, loss, backward pass and update on one batch; returns the loss."""
    batch = augment(images) if recipe.augment else images
    loss = F.cross_entropy(model(batch), labels, label_smoothing=recipe.label_smoothing)
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    optimizer.step()
    return loss


def train(recipe, images, labels, epochs, seed=0):
    torch.manual_seed(seed)
    model = new_model(recipe)
    steps_per_epoch = len(images) // BATCH_SIZE
    optimizer, scheduler = new_optimizer(model, recipe, epochs * steps_per_epoch)
    started = time.perf_counter()
    for _ in range(epochs):
        model.train()
        order = torch.randperm(len(images), device=images.device)
        for step in range(steps_per_epoch):
            index = order[step * BATCH_SIZE : (step + 1) * BATCH_SIZE]
            loss = train_step(model, optimizer, recipe, images[index], labels[index])
            if scheduler is not None:
                scheduler.step()
    loss.item()  # waits for the device
    return model, time.perf_counter() - started


def predict(model, images, batch_size=2000):
    """The predicted digit for every image, in large batches, in evaluation mode."""
    model.eval()
    with torch.inference_mode():
        return torch.cat([model(chunk).argmax(dim=1) for chunk in images.split(batch_size)])


def accuracy(model, images, labels):
    return (predict(model, images) == labels).float().mean().item()


# %%
# The short budget and the seeds
# ------------------------------
# Each run trains ``SHORT_EPOCHS`` epochs on the first ``SHORT_IMAGES`` training images,
# in batches of 256 (the CNN page used 128), once per seed, and is scored on the
# validation images. ``print_row`` prints the scores, their mean, its difference from the
# baseline's mean (Δ, in percentage points) and a ✓ when the change's lowest score is above
# the baseline's highest. With three seeds each, chance alone gives a ✓ about once in
# twenty. ``PRIMER_SEEDS`` sets another number of seeds (``nox -s bench -- study`` uses
# ten).
SHORT_IMAGES, SHORT_EPOCHS = 6_000, 2
SEEDS = range(int(os.environ.get("PRIMER_SEEDS", "3")))
short_images, short_labels = train_images[:SHORT_IMAGES], train_labels[:SHORT_IMAGES]


def scores(recipe):
    """The validation accuracy after the short budget, once for each seed."""
    runs = [train(recipe, short_images, short_labels, SHORT_EPOCHS, seed) for seed in SEEDS]
    return torch.tensor([accuracy(model, val_images, val_labels) for model, _ in runs])


def beats(better, worse):
    """Whether every seed of ``better`` scored above every seed of ``worse``."""
    return better.min().item() > worse.max().item()


def print_row(label, row, baseline=None):
    cells = " ".join(f"{value:>7.2%}" for value in row.tolist())
    line = f"{label:<28} {cells} {row.mean().item():>7.2%}"
    if baseline is not None:
        difference = 100 * (row.mean() - baseline.mean()).item()
        line += f" {difference:>+6.2f}  {'✓' if beats(row, baseline) else ''}"
    print(line.rstrip())


def print_header(first, against_baseline):
    seeds = " ".join(f"{f'seed={seed}':>7}" for seed in SEEDS)
    print(f"{first:<28} {seeds} {'mean':>7}" + (f" {'Δ pp':>6}" if against_baseline else ""))


# %%
# First the noise, and the learning rate
# --------------------------------------
# A change that speeds up learning may only make up for a rate that was too low, so the
# baseline's rate is tuned first: Adam's default and three larger rates. Each row shows how
# far the seeds alone spread the result; the best mean becomes the baseline. A best rate at
# either end of the grid would need a wider grid, and a line below the table would say so.
LEARNING_RATES = (1e-3, 3e-3, 1e-2, 3e-2)

rate_scores = {lr: scores(Recipe(lr=lr)) for lr in LEARNING_RATES}
print_header("lr", against_baseline=False)
for lr, row in rate_scores.items():
    print_row(f"{lr:g}", row)
best_lr = max(rate_scores, key=lambda lr: rate_scores[lr].mean().item())
baseline, baseline_scores = Recipe(lr=best_lr), rate_scores[best_lr]
spread = 100 * (baseline_scores.max() - baseline_scores.min()).item()
print(f"baseline = {describe(baseline)} | max - min = {spread:.2f} pp")
if best_lr in (min(LEARNING_RATES), max(LEARNING_RATES)):
    print(f"best_lr = {best_lr:g}: min(LEARNING_RATES) or max(LEARNING_RATES)")

# %%
# Each change against the tuned baseline
# --------------------------------------
# Each row switches on one change of the tuned baseline and trains it with the same seeds
# on the same budget.
CHANGES = {"batch_norm": True, "one_cycle": True, "label_smoothing": 0.1, "augment": True}

change_scores = {
    name: scores(dataclasses.replace(baseline, **{name: value})) for name, value in CHANGES.items()
}
print_header("", against_baseline=True)
print_row(describe(baseline), baseline_scores)
for name, row in change_scores.items():
    print_row(f"+ {name}={CHANGES[name]!r}", row, baseline_scores)
kept = {name: CHANGES[name] for name, row in change_scores.items() if beats(row, baseline_scores)}

# %%
# Reading the table
# -----------------
# * Δ compares means; the ✓ compares single seeds. A large Δ without a ✓ rests on seeds
#   that overlap the baseline's.
# * A short budget measures *how fast* a network learns. The one-cycle rate spends its
#   first quarter below the tuned rate, so on a short run it can lose to a constant rate.
#   Label smoothing and augmentation make training harder so that the network generalizes
#   better, which takes time to pay off.
# * A change without a ✓ is not shown to be useless, only not shown to help at this budget;
#   the recipe leaves it out rather than take it on trust.
#
# Time per step, in a steady state
# --------------------------------
# A short run is too short to time reliably. So a step is timed on one batch, after a few
# warm-up steps, in ``BLOCKS`` pairs of blocks of ``STEPS`` steps, baseline and change
# taking turns so that a busier or quieter machine slows both alike. The table prints the
# median milliseconds per step of the baseline and of the change, and the median ratio of
# the pairs. The schedule and label smoothing leave a step's work unchanged: their rows show
# the timing's noise. ``channels_last`` earns its ✓ when it was faster in every pair.
BLOCKS, STEPS, WARM_UP = 5, 4, 3
TIME_ONLY = {"channels_last": True}
timing_images, timing_labels = train_images[:BATCH_SIZE], train_labels[:BATCH_SIZE]


def ready_to_time(recipe):
    """A model and optimizer for ``recipe``, warmed up on the timing batch."""
    torch.manual_seed(0)
    model = new_model(recipe)
    optimizer, _ = new_optimizer(model, recipe, total_steps=1)
    model.train()
    for _ in range(WARM_UP):
        loss = train_step(model, optimizer, recipe, timing_images, timing_labels)
    loss.item()  # waits for the device
    return model, optimizer, recipe


def block_time(model, optimizer, recipe):
    """Milliseconds per step over one block of ``STEPS`` steps."""
    started = time.perf_counter()
    for _ in range(STEPS):
        loss = train_step(model, optimizer, recipe, timing_images, timing_labels)
    loss.item()  # waits for the device
    return 1000 * (time.perf_counter() - started) / STEPS


def paired_times(change):
    """The baseline's and the change's milliseconds per step, in alternating blocks."""
    sides = [ready_to_time(baseline), ready_to_time(change)]
    pairs = torch.tensor([[block_time(*side) for side in sides] for _ in range(BLOCKS)])
    return pairs[:, 0], pairs[:, 1]


print(f"{'':<28} {'ms/step':>8} {'ms/step':>8} {'×':>6}")
for name, value in {**CHANGES, **TIME_ONLY}.items():
    base_ms, change_ms = paired_times(dataclasses.replace(baseline, **{name: value}))
    ratio = (change_ms / base_ms).median().item()
    faster = name in TIME_ONLY and bool((change_ms < base_ms).all())
    if faster:
        kept[name] = value
    label, mark = f"+ {name}={value!r}", "✓" if faster else ""
    medians = f"{base_ms.median().item():>8.1f} {change_ms.median().item():>8.1f}"
    print(f"{label:<28} {medians} {ratio:>6.2f}  {mark}".rstrip())

# %%
# The recipe, and the baseline on the same budget
# -----------------------------------------------
# The recipe is the tuned baseline with every change that earned a ✓, and nothing else.
# It and the baseline train ``EPOCHS`` epochs on all 55,000 training images: only the same
# budget shows whether the recipe is better, and whether it is faster (the last line gives
# its time as a multiple of the baseline's; batch normalization adds work to each step).
#
# Each trains once, with seed 0 (``PRIMER_FINAL_SEEDS`` sets more), so a small gap could
# still be chance. The rate tuned on a few dozen steps may not be the best for a few
# hundred, and a change the short screen rejected might still help here: the screen keeps
# only what it can show.
EPOCHS = 2
FINAL_SEEDS = range(int(os.environ.get("PRIMER_FINAL_SEEDS", "1")))
recipe = dataclasses.replace(baseline, **kept)
print(f"recipe = {describe(recipe)}")

seconds = {}
for candidate in (baseline, recipe):
    for seed in FINAL_SEEDS:
        model, seconds[candidate] = train(candidate, train_images, train_labels, EPOCHS, seed)
        score = accuracy(model, val_images, val_labels)
        print(
            f"{describe(candidate)}: seed={seed} val accuracy {score:.2%}"
            f" | training time: {seconds[candidate]:.1f} s"
        )
print(f"({EPOCHS} epochs, {len(train_labels):,} images, {device})")
print(f"× {seconds[recipe] / seconds[baseline]:.2f}")

# %%
# The test set, once
# ------------------
# All choices are made, so the test set can give its one honest number.
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
# Row *y*, column *ŷ* counts the test images of digit *y* (the true label) read as *ŷ*
# (the prediction); the numbers off the diagonal count the mistakes. ``torch.bincount``
# counts all 100 pairs in one call; a logarithmic colour scale lets single mistakes show.
# Below it, the three most frequent mistakes, *y* → *ŷ*, with their counts.
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
ax.set_xlabel("ŷ")
ax.set_ylabel("y", rotation=0)
fig.tight_layout()
plt.show()

off_diagonal = confusion - torch.diag(confusion.diagonal())
worst = off_diagonal.flatten().topk(3)
for count, pair in zip(worst.values.tolist(), worst.indices.tolist(), strict=True):
    print(f"{pair // 10} → {pair % 10}: {count}")

# %%
# The mistakes
# ------------
# The first 24 misclassified test digits, titled *y* → *ŷ*.
wrong = (predicted_cpu != true_cpu).nonzero().flatten()
print(f"misclassified: {len(wrong)}")

fig, axes = plt.subplots(6, 4, figsize=(3.6, 6.6))
for ax, index in zip(axes.flat, wrong[:24].tolist(), strict=False):
    ax.imshow(test_images[index, 0].cpu(), cmap="gray_r")
    ax.set_title(f"{true_cpu[index]} → {predicted_cpu[index]}")
for ax in axes.flat:
    ax.axis("off")
fig.suptitle("y → ŷ")
fig.tight_layout()
plt.show()

# %%
# A test accuracy is a promise only as long as the test set is not used again to choose.
# If you try more changes, judge them on the validation set, with several seeds, and keep
# the test set for the next final answer.

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
