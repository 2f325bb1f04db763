"""
.. _gallery_mnist_mlp:

MNIST with a multilayer perceptron
==================================

MNIST is a collection of 70,000 handwritten digits, 28×28 pixels each: 60,000 for training
and 10,000 kept apart for testing. This page trains the network of the first study note, a
multilayer perceptron with 784 inputs, 128 hidden units and 10 outputs, and corrects the
note on the way: it tests on the real test split, takes batches the current way, and uses a
batch size that lets the model learn. After this page you can load a torchvision dataset,
feed it through a DataLoader, train a classifier and measure its accuracy honestly.

**Assumes:** the training loop of :ref:`gallery_regression`.
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
# Two datasets: training and test
# -------------------------------
# ``datasets.MNIST`` downloads the files once into ``root`` and reads them from there
# afterwards. ``train=True`` gives the 60,000 training images, ``train=False`` the 10,000
# test images. The note builds its "test set" with ``train=True`` too, so it tests the
# model on images it has already learned from; that number says nothing about new digits.
#
# The transform runs on every image each time it is read: ``ToTensor`` turns the 8-bit
# image into a ``float32`` tensor of shape ``(1, 28, 28)`` with values in [0, 1], and
# ``Normalize`` subtracts the mean pixel value of the training images (0.1307) and divides
# by their standard deviation (0.3081). The note's ``Normalize((0.5,), (0.5,))``, which maps
# the pixels to [-1, 1], works about as well.
import os

from torchvision import datasets, transforms

root = os.environ.get("PRIMER_DATA", "data")
transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])
train_set = datasets.MNIST(root, train=True, download=True, transform=transform)
test_set = datasets.MNIST(root, train=False, download=True, transform=transform)
print(f"training set: {len(train_set)} | test set: {len(test_set)}")

# %%
# The DataLoader
# --------------
# A DataLoader cuts a Dataset into batches; with ``shuffle=True`` it draws a new random
# order every epoch. ``next(iter(loader))`` takes one batch. The note writes
# ``dataiter.next()``, a method that DataLoader iterators stopped having long ago; the
# built-in function ``next`` is the way to advance any Python iterator.
from torch.utils.data import DataLoader

BATCH_SIZE = 64
train_loader = DataLoader(train_set, batch_size=BATCH_SIZE, shuffle=True)
test_loader = DataLoader(test_set, batch_size=1000)
images, labels = next(iter(train_loader))
print(images.shape, images.dtype, labels.shape, labels[:10].tolist())

# %%
# The note loads batches of 20,000 images. One epoch then makes only three updates of the
# weights, and its five epochs fifteen: the model stops at about 82 % test accuracy (the
# benchmark in ``benchmarks/mnist.py`` measures it). With batches of 64, an epoch makes 938
# smaller updates, and one epoch is enough to pass 95 %.
#
# The model
# ---------
# ``nn.Flatten`` turns each ``(1, 28, 28)`` image into a vector of 784 numbers, which is what
# the note does by hand with ``data.view(data.shape[0], -1)``. The last layer gives ten
# numbers per image, one score (logit) per digit; ``nn.CrossEntropyLoss`` applies softmax to
# them itself, so the model has no softmax at the end.
from torch import nn

model = nn.Sequential(
    nn.Flatten(),
    nn.Linear(28 * 28, 128),
    nn.ReLU(),
    nn.Linear(128, 10),
).to(device)
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
print(model)
print("parameters:", sum(p.numel() for p in model.parameters()))

# %%
# Measuring accuracy
# ------------------
# ``model.eval()`` puts the model in evaluation mode (this model has no layer that behaves
# differently, but it is a good habit), and ``torch.inference_mode()`` stops autograd from
# recording anything. The predicted digit is the index of the largest logit,
# ``argmax(dim=1)``. Before training, the model guesses about one digit in ten right.


def accuracy(model, loader):
    model.eval()
    correct = 0
    with torch.inference_mode():
        for images, labels in loader:
            predictions = model(images.to(device)).argmax(dim=1)
            correct += (predictions == labels.to(device)).sum().item()
    return correct / len(loader.dataset)


# %%
# Training
# --------
# The same five steps as in the regression loop, now once per batch. Each batch moves to
# ``device`` just before use. One epoch is enough here. Most of its time goes into the
# transform, which converts and normalizes the 60,000 images one at a time in Python; the
# CNN page shows a faster way to feed a dataset this small.
EPOCHS = 1
for epoch in range(EPOCHS):
    model.train()
    running_loss = 0.0
    for images, labels in train_loader:
        images, labels = images.to(device), labels.to(device)
        loss = loss_fn(model(images), labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        running_loss += loss.item()
    print(f"epoch {epoch + 1}: mean loss {running_loss / len(train_loader):.4f}")

# %%
# The result
# ----------
# The accuracy on the 10,000 test images is the number to report: these images played no
# part in training. Measured on 10,000 of the training images instead, the same model scores
# higher, because it has learned from them; the gap grows as a model starts to overfit.
from torch.utils.data import Subset

seen_loader = DataLoader(Subset(train_set, range(10_000)), batch_size=1000)
print(f"training accuracy: {accuracy(model, seen_loader):.2%}")
print(f"test accuracy:     {accuracy(model, test_loader):.2%}")

# %%
# Predictions on test digits
# --------------------------
# The first twelve test images with the model's prediction and the true label; a wrong
# prediction is drawn in red. ``softmax`` turns the ten logits into probabilities that add
# up to 1, and the largest one is how sure the model is.
import matplotlib.pyplot as plt

images, labels = next(iter(test_loader))
with torch.inference_mode():
    probabilities = model(images[:12].to(device)).softmax(dim=1).cpu()
confidence, predicted = probabilities.max(dim=1)

fig, axes = plt.subplots(2, 6, figsize=(7.2, 3.0))
for i, ax in enumerate(axes.flat):
    ax.imshow(images[i, 0], cmap="gray_r")
    wrong = predicted[i] != labels[i]
    ax.set_title(
        f"pred {predicted[i]} ({confidence[i]:.0%})\ntrue {labels[i]}",
        fontsize=8,
        color="tab:red" if wrong else "black",
    )
    ax.axis("off")
fig.tight_layout()
plt.show()

# %%
# A multilayer perceptron sees each image as a flat list of 784 numbers and knows nothing
# about which pixels are neighbours. A convolutional neural network does, and reaches above
# 99 %: :ref:`gallery_mnist_cnn`.
