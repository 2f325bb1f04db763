"""
.. _gallery_mnist_mlp:

MNIST with a multilayer perceptron
==================================

**What you will learn:**

* to load a torchvision dataset and prepare it with ``transforms.v2``;
* to hold out a validation set from the training images and judge choices on it;
* to train a classifier with a DataLoader, and to keep the epoch the validation set picks.

**What you need:** :ref:`gallery_data` and :ref:`gallery_regression`.

.. lesson::
   :summary: Classify handwritten digits with a 784-128-10 network, and let the validation
      set choose which epoch's weights to keep.
   :reason: the same loop on real data: handwritten digits.
   :search: multilayer perceptron
   :minutes: 25
   :level: intermediate
   :budget: 8

   1. The first twelve validation digits, each titled with the model's prediction, how sure
      it is in brackets, and below them = or ≠ the true label; wrong predictions are in red.

MNIST is a collection of 70,000 handwritten digits, 28×28 pixels each: 60,000 for training
and 10,000 kept apart for testing. This page trains a multilayer perceptron with 784 inputs,
128 hidden units and 10 outputs on them, with the loop of :ref:`gallery_regression`, now run
once per batch. The goal is a loop you can trust, not a record accuracy.
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
# The data, prepared once
# -----------------------
# ``datasets.MNIST`` downloads the files once into ``root`` and reads them from there
# afterwards. ``train=True`` gives the 60,000 training images. The 10,000 test images
# (``train=False``) stay unused on this page: the path measures its final model on them, once,
# at the end of :ref:`gallery_faster_better`.
#
# The transform turns 8-bit pixels into what the model expects: ``ToDtype`` with
# ``scale=True`` converts them to ``float32`` in [0, 1], and ``Normalize`` subtracts the mean
# pixel value of the training part (0.1307) and divides by its standard deviation (0.3082),
# both computed in :ref:`gallery_data`. That page passed the transform to the dataset,
# which runs it on each image every time the image is read. MNIST is small enough to keep
# in memory, though:
# ``.data`` holds all images of a split as one ``uint8`` tensor of shape ``(N, 28, 28)``,
# and the transforms of ``torchvision.transforms.v2`` accept a whole stack of images as well
# as a single one. So here the transform runs once, over all images; converting each image
# again in every epoch would cost more than training this small model does.
import os

from torch.utils.data import TensorDataset
from torchvision import datasets
from torchvision.transforms import v2

root = os.environ.get("PRIMER_DATA", "data")
to_model_input = v2.Compose(
    [v2.ToDtype(torch.float32, scale=True), v2.Normalize((0.1307,), (0.3082,))]
)

mnist = datasets.MNIST(root, train=True, download=True)
full_train_set = TensorDataset(to_model_input(mnist.data.unsqueeze(1)), mnist.targets)
images, labels = full_train_set[0]
print(images.shape, images.dtype, f"from {images.min():.3f} to {images.max():.3f}", labels)

# %%
# Training and validation sets
# ----------------------------
# Training means making choices: how many epochs, which learning rate, how large a model.
# Each choice needs a score on images the model has not trained on. The test set must not
# give that score: a test set used to choose becomes part of the training process, and its
# number no longer says how the model does on new digits. So ``random_split`` holds out
# 5,000 of the training images as a *validation set*, the same 5,000 as in
# :ref:`gallery_data`. Choices are judged on it; the test set is used once, at the very end
# of the path. The seeded generator makes the split the same on every run.
# (Testing on the training images themselves is a classic mistake:
# :ref:`mistake_test_split`.)
from torch.utils.data import random_split

train_set, validation_set = random_split(
    full_train_set, [55_000, 5_000], generator=torch.Generator().manual_seed(0)
)
print(len(train_set), len(validation_set))

# %%
# The DataLoader
# --------------
# A DataLoader cuts a dataset into batches; with ``shuffle=True`` it draws a new random order
# every epoch. ``next(iter(loader))`` takes one batch (:ref:`mistake_dataiter_next` shows
# the old way that no longer works). Each update of the weights uses one batch, so the batch
# size also sets how many updates one epoch makes: ``len(train_loader)``, printed below. A
# batch of thousands of images would give only a handful of updates per epoch.
from torch.utils.data import DataLoader

BATCH_SIZE = 64
train_loader = DataLoader(train_set, batch_size=BATCH_SIZE, shuffle=True)
validation_loader = DataLoader(validation_set, batch_size=1000)
images, labels = next(iter(train_loader))
print(images.shape, labels.shape, labels[:10].tolist())
print("len(train_loader):", len(train_loader))

# %%
# The model
# ---------
# ``nn.Flatten`` turns each ``(1, 28, 28)`` image into a vector of 784 numbers. The last
# layer gives ten numbers per image, one score (logit) per digit; ``nn.CrossEntropyLoss``
# applies softmax to them itself, so the model has no softmax at the end.
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
print("sum(p.numel()):", sum(p.numel() for p in model.parameters()))

# %%
# Measuring accuracy
# ------------------
# ``model.eval()`` puts the model in evaluation mode (this model has no layer that behaves
# differently, but it is a good habit), and ``torch.inference_mode()`` stops autograd from
# recording anything. The predicted digit is the index of the largest logit,
# ``argmax(dim=1)``. The untrained model's score, printed below, is the starting point that
# training has to improve on.


def accuracy(model, loader):
    model.eval()
    correct = 0
    with torch.inference_mode():
        for images, labels in loader:
            predictions = model(images.to(device)).argmax(dim=1)
            correct += (predictions == labels.to(device)).sum().item()
    return correct / len(loader.dataset)


print(f"accuracy(model, validation_loader): {accuracy(model, validation_loader):.2%}")

# %%
# Training
# --------
# The same five steps as in the regression loop, now once per batch, with ``model.train()``
# at the start of each epoch to undo ``model.eval()``. Each batch moves to ``device`` just
# before use. After every epoch the validation accuracy decides one choice: which epoch's
# weights to keep. ``state_dict()`` returns the model's tensors; ``copy.deepcopy`` keeps a
# copy that later steps do not change, and ``load_state_dict`` puts the best one back at the
# end. The epochs are few, because the page is about the loop; more epochs and a larger model
# may score higher, and the validation set is where you would see whether they do.
import copy

EPOCHS = 3
best_accuracy, best_epoch, best_state = -1.0, 0, None
for epoch in range(1, EPOCHS + 1):
    model.train()
    running_loss = 0.0
    for images, labels in train_loader:
        images, labels = images.to(device), labels.to(device)
        loss = loss_fn(model(images), labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        running_loss += loss.item()
    validation_accuracy = accuracy(model, validation_loader)
    print(
        f"epoch {epoch}: mean loss {running_loss / len(train_loader):.4f} | "
        f"validation accuracy {validation_accuracy:.2%}"
    )
    if validation_accuracy > best_accuracy:
        best_accuracy, best_epoch = validation_accuracy, epoch
        best_state = copy.deepcopy(model.state_dict())

model.load_state_dict(best_state)
print("best_epoch:", best_epoch)

# %%
# The result, and what it is worth
# --------------------------------
# The kept weights' validation accuracy is this page's result. It also chose the epoch, so it
# is the best of a few noisy scores and flatters the model slightly; a number that nothing
# was chosen on comes only from the test set. The path uses that set once, for its final
# model, at the end of :ref:`gallery_faster_better`, and this page leaves it untouched.
print(f"accuracy(model, validation_loader): {accuracy(model, validation_loader):.2%}")

# %%
# Predictions on validation digits
# --------------------------------
# The first twelve validation images with the model's prediction and the true label; a wrong
# prediction is drawn in red. ``softmax`` turns the ten logits into probabilities that add
# up to 1, and the largest one is how sure the model is.
import matplotlib.pyplot as plt

images, labels = next(iter(validation_loader))
with torch.inference_mode():
    probabilities = model(images[:12].to(device)).softmax(dim=1).cpu()
confidence, predicted = probabilities.max(dim=1)

fig, axes = plt.subplots(4, 3, figsize=(3.6, 6.4))
for i, ax in enumerate(axes.flat):
    ax.imshow(images[i, 0].numpy(), cmap="gray_r")
    wrong = predicted[i] != labels[i]
    ax.set_title(
        f"{predicted[i]} ({confidence[i]:.0%})\n{'≠' if wrong else '='} {labels[i]}",
        color="tab:red" if wrong else "black",
    )
    ax.axis("off")
fig.tight_layout()
plt.show()

# %%
# A multilayer perceptron sees each image as a flat list of 784 numbers and knows nothing
# about which pixels are neighbours.

# %%
# Exercises
# ---------
#
# 1. *Easy.* A batch of four images and three classes has the logits
#    ``[[2, 0.5, -1], [0.1, 0.3, 0.2], [-1, -2, -0.5], [0, 3, 1]]`` and the labels
#    ``[0, 2, 2, 1]``. Which class does the model predict for each image, and what is its
#    accuracy on the batch? Compute it the way ``accuracy`` does.
#
# .. dropdown:: Solution
#
#    .. literalinclude:: /../snippets/exercises/mnist_mlp_1.py
#       :language: python
#       :lines: 3-
#
#    .. literalinclude:: /../snippets/exercises/mnist_mlp_1.out
#       :language: none
#
# 2. *Medium.* ``nn.Dropout(0.5)`` is a layer that behaves differently in training: it sets
#    a random half of its inputs to zero (and doubles the rest), and in evaluation mode it
#    passes them through unchanged. Add it after the ``ReLU`` and call the model on the
#    same batch, once after ``model.train()`` and once after ``model.eval()``: do the two
#    outputs agree? Do two calls in evaluation mode? Then check whether an output records
#    a computational graph (``.requires_grad``) outside and inside
#    ``torch.inference_mode()``.
#
# .. dropdown:: Solution
#
#    .. literalinclude:: /../snippets/exercises/mnist_mlp_2.py
#       :language: python
#       :lines: 3-
#
#    .. literalinclude:: /../snippets/exercises/mnist_mlp_2.out
#       :language: none
#
#    So an accuracy measured in training mode would change from one call to the next, and
#    would not be that of the model you keep: ``model.eval()`` makes it the same every time.
#    ``torch.inference_mode()`` changes no result; it only saves the memory and time of
#    recording a graph that evaluation never uses.
#
# 3. *Harder.* Does dropout help? Judge it as this page judges choices, and first measure
#    what the seed alone changes. On synthetic data (ten classes of points in 20
#    dimensions, 200 to train on, 500 to validate on), train a small MLP with and without
#    ``nn.Dropout(0.5)``, three seeds each, and compare the validation accuracies.
#
# .. dropdown:: Solution
#
#    .. literalinclude:: /../snippets/exercises/mnist_mlp_3.py
#       :language: python
#       :lines: 3-
#
#    .. literalinclude:: /../snippets/exercises/mnist_mlp_3.out
#       :language: none
#
#    The two means differ by less than the seeds spread each of them: on this data and
#    budget the runs do not show that dropout helps. One run each would have named a
#    winner by chance. A change earns its place when its gain is larger than the seed's
#    noise, on the validation set, never on the test set.
