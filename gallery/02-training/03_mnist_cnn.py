"""
.. _gallery_mnist_cnn:

MNIST with a CNN: a baseline
============================

**What you will learn:**

* what a convolution layer and a pooling layer do to the shape of a batch;
* to build a small convolutional network and follow its shapes layer by layer;
* to train it as a *baseline*: a plain, honest first result that later changes are
  measured against.

**What you need:** :ref:`gallery_mnist_mlp`.

.. lesson::
   :summary: A plain convolutional network trained on MNIST: the baseline that the next
      lesson improves.
   :reason: a convolutional network, which reads the digits as images.
   :search: CNN
   :minutes: 20
   :level: intermediate
   :budget: 18

   1. The training loss of the baseline CNN at every step (losses, in grey) and its average
      over 20 steps (smoothed, in blue), on a logarithmic scale: it falls steeply at first,
      then slowly.

The multilayer perceptron of :ref:`gallery_mnist_mlp` flattens each image into 784 numbers
before its first layer, so it never knows which pixels are neighbours. A convolutional
neural network (CNN) keeps the image as an image: each layer looks at small patches and
finds the same pattern wherever it appears. This page builds the plainest such network,
trains it briefly, and judges it on the validation set. It stays deliberately simple; the
next page makes it faster and better, one measured change at a time.
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
# The data, held in memory
# ------------------------
# As in :ref:`gallery_mnist_mlp`, the ``transforms.v2`` pipeline runs once, over the whole
# stack of images: ``ToDtype`` scales the 8-bit pixels to ``float32`` in [0, 1] and
# ``Normalize`` subtracts the mean pixel value of the training part and divides by its
# standard deviation (both computed in :ref:`gallery_data`). The images stay one tensor of
# shape ``(N, 1, 28, 28)``, placed on ``device``; a batch is then one indexing operation
# instead of 128 calls to a Dataset.
#
# ``random_split`` with the same seeded generator as on the MLP page holds out the same
# 5,000 training images as a validation set. This page judges its model on them only. The
# test set stays untouched until the very end of the next page, where the final recipe is
# measured on it once.
import os

from torch.utils.data import random_split
from torchvision import datasets
from torchvision.transforms import v2

root = os.environ.get("PRIMER_DATA", "data")
to_model_input = v2.Compose(
    [v2.ToDtype(torch.float32, scale=True), v2.Normalize((0.1307,), (0.3082,))]
)

mnist = datasets.MNIST(root, train=True, download=True)
all_images = to_model_input(mnist.data.unsqueeze(1)).to(device)
all_labels = mnist.targets.to(device)
train_split, validation_split = random_split(
    range(len(all_labels)), [55_000, 5_000], generator=torch.Generator().manual_seed(0)
)
train_images, train_labels = all_images[train_split.indices], all_labels[train_split.indices]
val_images, val_labels = all_images[validation_split.indices], all_labels[validation_split.indices]
print(tuple(train_images.shape), tuple(val_images.shape))

# %%
# Convolution, stride and pooling
# -------------------------------
# ``nn.Conv2d(16, 32, kernel_size=3, padding=1)`` slides 32 small 3×3 filters over its
# 16 input channels. At every position each filter multiplies the 16 × 3 × 3 values under it
# by its weights and adds them up (plus a bias), so each filter produces one new image, a
# *feature map*, that is large where its pattern appears. ``padding=1`` adds a border of
# zeros so that the window also fits at the edges and the output keeps the input's size.
#
# ``stride`` is the step between two positions of the window. The first convolution here,
# ``nn.Conv2d(1, 16, kernel_size=5, stride=2, padding=2)``, moves its 5×5 window two pixels
# at a time over the grey-level image, so it computes only every other row and column: its
# 16 feature maps are 14×14. Computing fewer positions on the full-size image saves most
# of the cost of this layer. In general, a side of ``n`` pixels becomes
# ``(n + 2 × padding − kernel_size) // stride + 1``.
#
# ``nn.MaxPool2d(2)`` keeps the largest value of every 2×2 block, halving height and width.
# After each reduction the network sees a coarser picture, so the next 3×3 window covers a
# larger part of the digit.
#
# The baseline network
# --------------------
# Two convolutions with ReLU, and one pooling, find features; ``nn.Flatten`` lays the last
# feature maps out as one vector per image, and two linear layers turn it into ten scores,
# one per digit, as in the MLP. Pooling comes before the second ReLU: taking the maximum
# and applying ReLU give the same result in either order, and this way ReLU runs on a
# quarter of the values.
from torch import nn


def baseline_cnn():
    return nn.Sequential(
        nn.Conv2d(1, 16, kernel_size=5, stride=2, padding=2),
        nn.ReLU(),
        nn.Conv2d(16, 32, kernel_size=3, padding=1),
        nn.MaxPool2d(2),
        nn.ReLU(),
        nn.Flatten(),
        nn.Linear(32 * 7 * 7, 128),
        nn.ReLU(),
        nn.Linear(128, 10),
    )


model = baseline_cnn().to(device)

# %%
# Shapes, layer by layer
# ----------------------
# A batch of 128 images goes through the layers one at a time, printing the shape after
# each. Read it as ``(batch, channels, height, width)``: the strided convolution turns 1
# channel of 28×28 into 16 of 14×14, the second convolution makes 32 channels of the same
# size, and pooling halves that to 7×7. ``Flatten`` then gives 32 × 7 × 7 = 1,568 numbers
# per image, exactly the input size of the first linear layer. Getting that number wrong is
# the classic CNN error; :ref:`the common mistakes page <mistake_cnn_shapes>` shows it.
x = train_images[:128]
print(f"{'input':<10} {tuple(x.shape)}")
for layer in model:
    x = layer(x)
    print(f"{type(layer).__name__:<10} {tuple(x.shape)}")

# %%
# Where the parameters are
# ------------------------
# A convolution's weights do not depend on the image size: the first layer has only
# 16 × 1 × 5 × 5 weights and 16 biases. Most of the parameters sit in the first linear
# layer, which connects all 1,568 features to 128 units.
for name, parameter in model.named_parameters():
    print(f"{name:<10} {str(tuple(parameter.shape)):<16} {parameter.numel():>7,}")
print(f"total      {sum(p.numel() for p in model.parameters()):>24,}")

# %%
# Training the baseline
# ---------------------
# The loop is the one from the MLP page, with the batches taken from the tensors in a new
# random order each epoch: Adam at its default learning rate, batches of 128, one epoch.
# ``loss.detach()`` keeps each step's loss on ``device`` without its graph; calling
# ``loss.item()`` at every step would make the CPU wait for an accelerator each time.
# ``evaluate`` switches the model to evaluation mode and turns off autograd
# (``torch.inference_mode``), then counts correct predictions in large batches.
import time

import torch.nn.functional as F

BATCH_SIZE = 128
EPOCHS = 1


def train_one_epoch(model, optimizer, images, labels):
    """One pass over the training tensors in random order; returns the loss of every step."""
    model.train()
    order = torch.randperm(len(images), device=images.device)
    batch_losses = []
    for start in range(0, len(images), BATCH_SIZE):
        index = order[start : start + BATCH_SIZE]
        loss = F.cross_entropy(model(images[index]), labels[index])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        batch_losses.append(loss.detach())
    return torch.stack(batch_losses).cpu()


def evaluate(model, images, labels, batch_size=1000):
    """The fraction of images whose highest score is the right digit."""
    model.eval()
    with torch.inference_mode():
        predictions = torch.cat([model(chunk).argmax(dim=1) for chunk in images.split(batch_size)])
    return (predictions == labels).float().mean().item()


optimizer = torch.optim.Adam(model.parameters())
step_losses = []
started = time.perf_counter()
for epoch in range(EPOCHS):
    step_losses.append(train_one_epoch(model, optimizer, train_images, train_labels))
    accuracy = evaluate(model, val_images, val_labels)
    print(f"epoch {epoch + 1}: mean loss {step_losses[-1].mean():.4f}, val accuracy {accuracy:.2%}")
print(f"training time: {time.perf_counter() - started:.1f} s ({device})")

# %%
# The training loss
# -----------------
# The loss of every step, and its average over 20 steps. It falls steeply during the first
# hundred steps and then slowly; the printed validation accuracy above is the baseline's
# result.
import matplotlib.pyplot as plt

losses = torch.cat(step_losses)
smoothed = losses.unfold(0, 20, 1).mean(dim=1)
fig, ax = plt.subplots(figsize=(3.6, 2.8))
ax.plot(losses, color="0.8", linewidth=0.8, label="losses")
ax.plot(torch.arange(len(smoothed)) + 19, smoothed, label="smoothed")
ax.set_xlabel("step")
ax.set_ylabel("loss")
ax.set_yscale("log")
ax.legend()
fig.tight_layout()
plt.show()

# %%
# The MLP on the same budget
# --------------------------
# Does the convolutional network beat the multilayer perceptron? The MLP page's number cannot
# answer that: it trained for more epochs, on smaller batches, and kept its best epoch. A fair
# comparison gives both networks the same budget: the same training images, the same batches
# of 128 for the same number of epochs, the same optimizer, judged on the same validation
# images. It also shows what chance alone changes: each network is trained from two seeds,
# which set its first weights and the order of its batches. Seed 0 of the CNN is the
# baseline above.


def mlp():
    """The multilayer perceptron of the MLP page: 784 inputs, 128 hidden units, 10 outputs."""
    return nn.Sequential(nn.Flatten(), nn.Linear(28 * 28, 128), nn.ReLU(), nn.Linear(128, 10))


def validation_accuracy_after_training(make_model, seed):
    """Train a fresh network as the baseline was trained; its accuracy on the validation set."""
    torch.manual_seed(seed)
    model = make_model().to(device)
    optimizer = torch.optim.Adam(model.parameters())
    for _ in range(EPOCHS):
        train_one_epoch(model, optimizer, train_images, train_labels)
    return evaluate(model, val_images, val_labels)


same_budget = {
    "MLP": [validation_accuracy_after_training(mlp, seed) for seed in (0, 1)],
    "CNN": [accuracy, validation_accuracy_after_training(baseline_cnn, seed=1)],
}
for name, (seed_0, seed_1) in same_budget.items():
    print(f"{name}: seed=0 {seed_0:.2%} | seed=1 {seed_1:.2%} | |Δ| {abs(seed_0 - seed_1):.2%}")
gap = min(same_budget["CNN"]) - max(same_budget["MLP"])
print(f"min(CNN) - max(MLP): {gap:+.2%}")
# sphinx_gallery_start_ignore
# The build exports the baseline for the demo at the end of this text (primer.build.demo).
from primer.build.demo import export_demo

held_out = validation_split.indices
export_demo(model, "03_mnist_cnn", mnist.data[held_out], mnist.targets[held_out], to_model_input)
# sphinx_gallery_end_ignore

# %%
# The difference between the two rows is far larger than the spread within each row, so it
# is the network that makes it, not chance: with the same budget, the CNN's worse seed still
# beats the MLP's better one.
#
# What the baseline is for
# ------------------------
# The network is not tuned: the learning rate is Adam's default, there is one epoch
# and no augmentation. That is its job. The next page starts from this network, tunes its
# learning rate first, and measures every change against it on the same validation set,
# so each change has to earn its place. The test set has still not been used.
#
# Try the network
# ---------------
# On the site, this section of the lesson's page holds a demo of the baseline above, saved
# when the site was built: draw a digit with a finger or the mouse, and your browser runs
# the network on it. It prepares the drawing as MNIST prepared its digits (scaled into a
# 20×20 box, then centred by its centre of mass on 28×28 pixels) and normalises it as above;
# the drawing is not sent anywhere. Digits drawn on a screen differ from scanned pen
# strokes, so expect more mistakes than the validation accuracy suggests. The list also
# offers twenty validation images, which the network never trained on.
#
# .. digit-demo::

# %%
# Exercises
# ---------
#
# 1. *Easy.* A 28×28 image goes through ``nn.Conv2d(1, 8, kernel_size=3, stride=2)``
#    (no padding) and then ``nn.MaxPool2d(2)``. Compute the height and width after each
#    layer with the formula, then check them with a dummy tensor of zeros.
#
# .. dropdown:: Solution
#
#    .. literalinclude:: /../snippets/exercises/mnist_cnn_1.py
#       :language: python
#       :lines: 3-
#
#    .. literalinclude:: /../snippets/exercises/mnist_cnn_1.out
#       :language: none
#
# 2. *Medium.* The baseline's second convolution turns 16 feature maps of 14×14 into 32 of
#    the same size. Count its parameters, and those of an ``nn.Linear`` that would map the
#    same input to the same output (16 × 14 × 14 numbers to 32 × 14 × 14). Why is the
#    difference so large?
#
# .. dropdown:: Solution
#
#    .. literalinclude:: /../snippets/exercises/mnist_cnn_2.py
#       :language: python
#       :lines: 3-
#
#    .. literalinclude:: /../snippets/exercises/mnist_cnn_2.out
#       :language: none
#
#    The convolution uses the same small filters at every position of the image, and each
#    output value depends only on the 3×3 patch under the window. The linear layer has its
#    own weight for every pair of an input and an output value.
#
# 3. *Harder.* Give the baseline's first convolution ``stride=1``. What input size does the
#    first linear layer need now? Work it out with the formula, then let a dummy image find
#    it: pass it through the layers up to ``Flatten`` and read the size of the result.
#
# .. dropdown:: Solution
#
#    .. literalinclude:: /../snippets/exercises/mnist_cnn_3.py
#       :language: python
#       :lines: 3-
#
#    .. literalinclude:: /../snippets/exercises/mnist_cnn_3.out
#       :language: none
#
# 4. *Harder.* Is a convolution the better choice when the position of a pattern varies?
#    Make 600 noisy 8×8 images, each with one bar three pixels long, across (class 0) or
#    down (class 1), anywhere in the image. Train a small MLP and a small CNN on 200 of
#    them with the same optimizer and number of steps, three seeds each, and compare
#    their accuracy on the other 400. Is the gap larger than what the seed changes?
#
# .. dropdown:: Solution
#
#    .. literalinclude:: /../snippets/exercises/mnist_cnn_4.py
#       :language: python
#       :lines: 3-
#
#    .. literalinclude:: /../snippets/exercises/mnist_cnn_4.out
#       :language: none
#
#    The CNN wins on every seed, with fewer parameters: its worst run beats the MLP's best,
#    and the gap between the means is larger than either model's spread. Its filters look
#    for a short bar wherever it is; the MLP has to learn the bar separately at every
#    position, from 200 images.
