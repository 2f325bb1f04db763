"""
.. _gallery_mnist_cnn:

MNIST with a CNN, full training
===============================

This page trains a convolutional neural network on all 60,000 MNIST training images and
tests it on all 10,000 test images, for real, each time the site is built. It starts from the
network of the third study note, which crashes as written, fixes it, and then trains a
faster variant of the same design to above 99.2 % test accuracy, within seconds on a CPU.
After this page you can find and fix a shape error in a model, train with a learning-rate
schedule and data augmentation, read a confusion matrix, save and load a model the safe
way, and run it on a single image.

**Assumes:** :ref:`gallery_mnist_mlp`.
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
# The note's network, and why it crashes
# --------------------------------------
# The note defines two 3×3 convolution layers, each followed by ReLU and 2×2 max pooling,
# then two linear layers, and expects ``64 * 7 * 7`` features after the second pooling. Its
# code also calls ``F.relu`` without importing ``torch.nn.functional as F``, the first error
# a reader meets. The class below is the note's network with that import added and with the
# convolutions' ``padding`` as a parameter. With the note's ``padding=0``, one batch of 64
# images is enough to see the second error.
import torch.nn.functional as F
from torch import nn


class NoteCNN(nn.Module):
    def __init__(self, padding=0):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, kernel_size=3, padding=padding)
        self.pool = nn.MaxPool2d(kernel_size=2, stride=2)
        self.conv2 = nn.Conv2d(32, 64, kernel_size=3, padding=padding)
        self.fc1 = nn.Linear(64 * 7 * 7, 128)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = x.view(-1, 64 * 7 * 7)
        x = F.relu(self.fc1(x))
        return self.fc2(x)


batch = torch.randn(64, 1, 28, 28)
try:
    NoteCNN(padding=0)(batch)
except RuntimeError as err:
    print(f"Expected error: {type(err).__name__}: {err}")

# %%
# Following the shapes layer by layer shows why. A 3×3 convolution without padding loses one
# pixel on each side, and pooling halves what is left, rounding down:
# 28 → 26 → 13 → 11 → 5. The second pooling leaves 64 × 5 × 5 = 1,600 features per image,
# not 64 × 7 × 7 = 3,136, and ``view`` cannot arrange 64 × 1,600 numbers into rows of 3,136.
# With ``padding=1`` each convolution keeps the size: 28 → 28 → 14 → 14 → 7.
for padding in (0, 1):
    net = NoteCNN(padding)
    x = batch
    sizes = [tuple(x.shape[1:])]
    for layer in (net.conv1, net.pool, net.conv2, net.pool):
        x = layer(x)
        sizes.append(tuple(x.shape[1:]))
    print(f"padding={padding}:", " -> ".join(str(s) for s in sizes))

print("fixed output:", NoteCNN(padding=1)(batch).shape)

# %%
# Trained as the note trains it (batches of 64 from a DataLoader, Adam, two epochs), the fixed
# network reaches about 98.5 % test accuracy in about a minute on a two-core CPU. The rest of
# this page passes 99.2 % in a fraction of that time. ``benchmarks/mnist.py``, in the site's
# repository, trains both recipes on the same machine and compares them; on the two-core CPU
# used while writing this page, the note's recipe took about 60 s and this one about 11 s.
#
# The data as two tensors
# -----------------------
# The usual pipeline, a ``transform`` and a DataLoader as in :ref:`gallery_mnist_mlp`, turns
# every image from a PIL image into a tensor and normalizes it again in every epoch, one image
# at a time in Python, and then stacks 64 of them into a batch. On the two-core CPU used while
# writing this page, that alone takes about 6 s per epoch. The whole training set is only
# 47 MB of 8-bit pixels (188 MB as ``float32``), so it fits in memory as a single tensor.
# Converting it once and taking each batch by indexing that tensor with random positions does
# the same work as the DataLoader in one operation per batch, on ``device`` when there is an
# accelerator. The dataset object still comes from the standard ``datasets.MNIST`` call;
# ``.data`` holds its images as a ``uint8`` tensor of shape ``(N, 28, 28)`` and ``.targets``
# its labels. The in-place operations ``div_``, ``sub_`` and ``div_`` normalize without
# making three more copies of the data. For a dataset that does not fit in memory, keep the
# DataLoader.
import os

from torchvision import datasets

MEAN, STD = 0.1307, 0.3081


def load_mnist_tensors(root, train, device="cpu"):
    """All images of one MNIST split as a normalized float tensor (N, 1, 28, 28), and labels."""
    dataset = datasets.MNIST(root, train=train, download=True)
    images = dataset.data.to(device).unsqueeze(1).float().div_(255).sub_(MEAN).div_(STD)
    return images, dataset.targets.to(device)


root = os.environ.get("PRIMER_DATA", "data")
train_images, train_labels = load_mnist_tensors(root, train=True, device=device)
test_images, test_labels = load_mnist_tensors(root, train=False, device=device)
print(train_images.shape, train_images.dtype, train_labels.shape)
print(f"from {train_images.min():.3f} to {train_images.max():.3f}, std {train_images.std():.3f}")

# %%
# Augmentation on whole batches
# -----------------------------
# Training on slightly moved, turned and resized copies of the digits teaches the network
# that those changes do not change the digit, and lowers the test error. Each image of a batch
# gets its own random affine transformation: ``F.affine_grid`` turns one 2×3 matrix per image
# into a sampling grid, and ``F.grid_sample`` reads the shifted pixels from it, for the whole
# batch at once. ``padding_mode="border"`` fills the edges with the background value.
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
# Eight training digits, and the same digits as one batch of ``augment`` returns them:
import matplotlib.pyplot as plt

sample = train_images[:8]
fig, axes = plt.subplots(2, 8, figsize=(7.2, 2.0))
for column, (original, moved) in enumerate(zip(sample, augment(sample), strict=True)):
    axes[0, column].imshow(original[0].cpu(), cmap="gray_r")
    axes[1, column].imshow(moved[0].cpu(), cmap="gray_r")
for ax in axes.flat:
    ax.set_xticks([])
    ax.set_yticks([])
axes[0, 0].set_ylabel("original", fontsize=8)
axes[1, 0].set_ylabel("augmented", fontsize=8)
fig.tight_layout()
plt.show()

# %%
# The network
# -----------
# The plan is the note's, two convolution layers and then two linear layers, with four
# changes that make it cheaper to run and quicker to learn:
#
# * **A strided first convolution.** The first layer works on the full 28×28 image, which
#   makes it the most expensive one. With ``stride=2`` its 5×5 kernel moves two pixels at a
#   time and computes a 14×14 output directly, a quarter of the positions; it takes the place
#   of the first pooling layer.
# * **Fewer channels:** 16 and 32 instead of 32 and 64, half the parameters.
# * **Batch normalization.** ``BatchNorm2d`` rescales each channel to zero mean and unit
#   variance over the batch, which keeps training stable at a high learning rate. The
#   convolutions then need no bias, because the normalization would remove it.
# * **Pooling first.** After the second convolution, max pooling comes before normalization
#   and ReLU, so those two run on a quarter of the values.


class Net(nn.Module):
    def __init__(self, channels=(16, 32), hidden=128):
        super().__init__()
        c1, c2 = channels
        self.features = nn.Sequential(
            nn.Conv2d(1, c1, kernel_size=5, stride=2, padding=2, bias=False),
            nn.BatchNorm2d(c1),
            nn.ReLU(inplace=True),
            nn.Conv2d(c1, c2, kernel_size=3, padding=1, bias=False),
            nn.MaxPool2d(2),
            nn.BatchNorm2d(c2),
            nn.ReLU(inplace=True),
        )
        self.classifier = nn.Sequential(
            nn.Flatten(),
            nn.Linear(c2 * 7 * 7, hidden),
            nn.ReLU(inplace=True),
            nn.Linear(hidden, 10),
        )

    def forward(self, x):
        return self.classifier(self.features(x))


def new_model(device):
    model = Net().to(device)
    if torch.device(device).type == "cpu":
        model = model.to(memory_format=torch.channels_last)
    return model


def count_parameters(model):
    return sum(p.numel() for p in model.parameters())


print(f"parameters of NoteCNN: {count_parameters(NoteCNN(padding=1)):,}")
print(f"parameters of Net:     {count_parameters(Net()):,}")

# %%
# The training recipe
# -------------------
# * **Large batches from the tensors.** 256 images per step, drawn in a new random order
#   every epoch; the last incomplete batch of each epoch is dropped. Two epochs are enough.
# * **A one-cycle learning rate.** ``OneCycleLR`` raises the learning rate from a small value
#   to ``MAX_LR`` during the first quarter of training, then lowers it to almost zero. The
#   high middle part moves fast; the low end settles the weights.
# * **Label smoothing.** ``label_smoothing=0.1`` asks the network for 90 % (plus a share of
#   the remaining 10 %) on the right digit instead of 100 %, which keeps it from becoming
#   overconfident on the training images.
# * **channels_last on the CPU.** Storing the convolution weights with the channels as the
#   last dimension lets the CPU's convolution library (oneDNN) use its fastest kernels.
BATCH_SIZE = 256
EPOCHS = 2
MAX_LR = 0.02
LABEL_SMOOTHING = 0.1


def make_optimizer(model, epochs, steps_per_epoch):
    optimizer = torch.optim.AdamW(model.parameters(), lr=MAX_LR)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(
        optimizer, max_lr=MAX_LR, total_steps=epochs * steps_per_epoch, pct_start=0.25
    )
    return optimizer, scheduler


def train_one_epoch(model, optimizer, scheduler, images, labels):
    """One pass over the training tensors in random order; returns the loss of every step."""
    model.train()
    order = torch.randperm(len(images), device=images.device)
    losses = []
    for start in range(0, len(images) - BATCH_SIZE + 1, BATCH_SIZE):
        index = order[start : start + BATCH_SIZE]
        logits = model(augment(images[index]))
        loss = F.cross_entropy(logits, labels[index], label_smoothing=LABEL_SMOOTHING)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        scheduler.step()
        losses.append(loss.detach())
    return torch.stack(losses).cpu()


def predict(model, images, batch_size=2000):
    """The predicted digit for every image, computed in large batches without autograd."""
    model.eval()
    with torch.inference_mode():
        return torch.cat([model(chunk).argmax(dim=1) for chunk in images.split(batch_size)])


# %%
# ``loss.detach()`` keeps the loss values on ``device`` without their computational graph;
# calling ``loss.item()`` at every step would make the CPU wait for an accelerator each time.
# ``predict`` switches to evaluation mode, where batch normalization uses the statistics it
# collected during training instead of those of the current batch.
#
# Training
# --------
import time

model = new_model(device)
optimizer, scheduler = make_optimizer(model, EPOCHS, len(train_images) // BATCH_SIZE)

step_losses, test_accuracy = [], []
started = time.perf_counter()
for epoch in range(EPOCHS):
    step_losses.append(train_one_epoch(model, optimizer, scheduler, train_images, train_labels))
    test_accuracy.append((predict(model, test_images) == test_labels).float().mean().item())
    print(
        f"epoch {epoch + 1}: mean loss {step_losses[-1].mean():.4f}, "
        f"test accuracy {test_accuracy[-1]:.2%}"
    )
print(f"time: {time.perf_counter() - started:.1f} s ({device})")

predictions = predict(model, test_images)
correct = (predictions == test_labels).sum().item()
print(f"test accuracy: {correct / len(test_labels):.2%} ({correct:,} of {len(test_labels):,})")

# %%
# LeNet-5, the convolutional network that LeCun and colleagues published for this dataset in
# 1998, had a test error of 0.95 %, an accuracy of 99.05 %. Two epochs of this smaller,
# modern network beat it.
#
# Loss and accuracy
# -----------------
# Left, the training loss of every step, averaged over 20 steps; with label smoothing it
# cannot go much below 0.5. Right, the test accuracy after each epoch, with LeNet-5 and the
# note's recipe for comparison.
losses = torch.cat(step_losses)
smoothed = losses.unfold(0, 20, 1).mean(dim=1)
steps_per_epoch = len(step_losses[0])

fig, (left, right) = plt.subplots(1, 2, figsize=(7.2, 2.8))
left.plot(torch.arange(len(smoothed)) + 20, smoothed)
left.set_xlabel("step")
left.set_ylabel("training loss")
for epoch in range(1, EPOCHS):
    left.axvline(epoch * steps_per_epoch, color="0.8", linewidth=1)
right.plot(range(1, EPOCHS + 1), [100 * a for a in test_accuracy], marker="o", label="this page")
right.axhline(99.05, color="tab:green", linestyle="--", label="LeNet-5")
right.axhline(98.5, color="tab:red", linestyle=":", label="note's recipe")
right.set_ylim(98.0, 100.0)
right.set_xlim(0.5, EPOCHS + 0.5)
right.set_xticks(range(1, EPOCHS + 1))
right.legend(fontsize=8, loc="upper left")
right.set_xlabel("epoch")
right.set_ylabel("test accuracy (%)")
fig.tight_layout()
plt.show()

# %%
# The confusion matrix
# --------------------
# Row *i*, column *j* counts the test images of digit *i* that the network read as *j*. The
# diagonal holds the correct answers; everything else is a mistake. ``torch.bincount`` counts
# all 100 (true, predicted) pairs in one call. The colours are on a logarithmic scale so that
# single mistakes stand out next to the thousand correct answers of each row. Below the
# matrix, the three most frequent mistakes, written true → predicted, with their counts.
from matplotlib.colors import LogNorm

true_cpu, predicted_cpu = test_labels.cpu(), predictions.cpu()
confusion = torch.bincount(true_cpu * 10 + predicted_cpu, minlength=100).reshape(10, 10)

fig, ax = plt.subplots(figsize=(5.2, 4.6))
image = ax.imshow(confusion.clamp(min=1), cmap="Blues", norm=LogNorm())
for i in range(10):
    for j in range(10):
        count = confusion[i, j].item()
        if count:
            ax.text(j, i, count, ha="center", va="center", fontsize=7,
                    color="white" if i == j else "black")  # fmt: skip
ax.set_xticks(range(10))
ax.set_yticks(range(10))
ax.set_xlabel("predicted")
ax.set_ylabel("true")
fig.colorbar(image, ax=ax, shrink=0.8)
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

fig, axes = plt.subplots(3, 8, figsize=(7.2, 3.4))
for ax, index in zip(axes.flat, wrong[:24].tolist(), strict=False):
    ax.imshow(test_images[index, 0].cpu(), cmap="gray_r")
    ax.set_title(f"{true_cpu[index]} → {predicted_cpu[index]}", fontsize=8)
for ax in axes.flat:
    ax.axis("off")
fig.suptitle("true → predicted", fontsize=9)
fig.tight_layout()
plt.show()

# %%
# Saving and loading
# ------------------
# ``model.state_dict()`` is an ordered dictionary from parameter names to tensors: the
# learned numbers and nothing else (with batch normalization, also its running statistics).
# Saving it and loading it into a freshly built ``Net`` is the recommended way. The file
# goes into a temporary directory here; at home, choose a path you keep.
#
# ``torch.save(model, path)``, as the first note does, pickles the whole object instead.
# Loading such a file needs the class definition importable under the same module path, and
# it needs ``weights_only=False``: since PyTorch 2.6, ``torch.load`` defaults to
# ``weights_only=True``, which reads only tensors and plain containers and refuses to run
# the arbitrary code a pickle can contain. Load with ``weights_only=False`` only files you
# trust. :ref:`gallery_common_mistakes` shows what happens to such a file.
import tempfile
from pathlib import Path

with tempfile.TemporaryDirectory() as folder:
    path = Path(folder) / "mnist_cnn.pt"
    torch.save(model.state_dict(), path)
    print(f"{path.name}: {path.stat().st_size / 1024:.0f} KiB")

    fresh = new_model(device)
    fresh.load_state_dict(torch.load(path, map_location=device))  # weights_only=True

reloaded = (predict(fresh, test_images) == test_labels).sum().item()
print(f"reloaded model: {reloaded / len(test_labels):.2%} ({reloaded:,} of {len(test_labels):,})")

# %%
# ``map_location`` places the tensors on a device of your choice while loading, so a model
# trained on a GPU also loads on a machine without one.
#
# One image at a time
# -------------------
# A model always takes a batch: for one image of shape ``(1, 28, 28)``, ``unsqueeze(0)``
# adds a batch dimension of size 1. ``softmax`` turns the ten logits into probabilities.
# Below, the first test image, which the network reads without doubt, and the test image it
# was least sure about. Even for the clear digit the top probability stays near 0.9: that is
# label smoothing at work.
with torch.inference_mode():
    probabilities = torch.cat([fresh(chunk).softmax(dim=1) for chunk in test_images.split(2000)])
least_sure = probabilities.max(dim=1).values.argmin().item()

fig, axes = plt.subplots(2, 2, figsize=(7.2, 4.2), width_ratios=(1, 3))
for row, index in enumerate((0, least_sure)):
    with torch.inference_mode():
        single = fresh(test_images[index].unsqueeze(0)).softmax(dim=1)[0].cpu()
    axes[row, 0].imshow(test_images[index, 0].cpu(), cmap="gray_r")
    axes[row, 0].set_title(f"test image {index}, true {true_cpu[index]}", fontsize=8)
    axes[row, 0].axis("off")
    bars = axes[row, 1].bar(range(10), single, color="tab:blue")
    bars[single.argmax()].set_color("tab:red")
    axes[row, 1].set_xticks(range(10))
    axes[row, 1].set_ylim(0, 1)
    axes[row, 1].set_ylabel("probability")
    print(f"test image {index}: " + " ".join(f"{p:.2f}" for p in single.tolist()))
axes[1, 1].set_xlabel("digit")
fig.tight_layout()
plt.show()

# %%
# Next: :ref:`gallery_common_mistakes` runs every mistake from the study notes, and
# :ref:`gallery_distributed` trains on several processes at once.
