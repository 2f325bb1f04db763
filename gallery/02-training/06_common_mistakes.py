"""
.. _gallery_common_mistakes:

Common mistakes from the notes
==============================

The study notes this site grew from contain mistakes that every beginner meets sooner or
later. This page runs each of them for real, shows what happens, says why, and fixes it.
After this page you can recognise these errors from their messages and know the fix.

**Assumes:** :ref:`gallery_mnist_mlp` and :ref:`gallery_mnist_cnn`.
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
# A test set made from the training images
# ----------------------------------------
# **Symptom.** The first note builds its test set with ``train=True``, the same call as its
# training set. Both objects then hold the same 60,000 images:
import os

from torchvision import datasets

root = os.environ.get("PRIMER_DATA", "data")
train_set = datasets.MNIST(root, train=True, download=True)
note_test_set = datasets.MNIST(root, train=True, download=True)
test_set = datasets.MNIST(root, train=False, download=True)
print(len(note_test_set), torch.equal(train_set.data, note_test_set.data))

# %%
# **Why it matters.** A model is meant to work on digits it has never seen, and only the
# test split measures that. Scored on its own training images, a model looks better than it
# is. The gap is easy to see with a small model trained hard on 1,000 images: it learns
# them by heart, and only the real test images show how much less it knows. Below, the
# training accuracy is the score on the note's "test set", the images it trained on; the
# test accuracy is the score on the real test split.
from torch import nn


def as_inputs(dataset, count):
    images = dataset.data[:count].float().div(255).flatten(1).to(device)
    return images, dataset.targets[:count].to(device)


x_train, y_train = as_inputs(train_set, 1000)
x_test, y_test = as_inputs(test_set, 10000)
mlp = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10)).to(device)
optimizer = torch.optim.Adam(mlp.parameters(), lr=1e-3)
for _ in range(300):
    loss = nn.functional.cross_entropy(mlp(x_train), y_train)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()

with torch.inference_mode():
    seen = (mlp(x_train).argmax(1) == y_train).float().mean().item()
    unseen = (mlp(x_test).argmax(1) == y_test).float().mean().item()
print(f"training accuracy: {seen:.1%}")
print(f"test accuracy:     {unseen:.1%}")

# %%
# **Fix.** ``datasets.MNIST(root, train=False, download=True, transform=...)`` for the test
# set.
#
# ``dataiter.next()``
# -------------------
# **Symptom.** The notes take a batch with ``dataiter.next()``:
from torch.utils.data import DataLoader, TensorDataset

loader = DataLoader(TensorDataset(x_train, y_train), batch_size=64, shuffle=True)
dataiter = iter(loader)
try:
    images, labels = dataiter.next()
except AttributeError as err:
    print(f"Expected error: {type(err).__name__}: {err}")

# %%
# **Why.** ``.next()`` was the iterator method of Python 2; Python 3 renamed it
# ``__next__``, and DataLoader iterators dropped their extra ``next`` alias long ago.
#
# **Fix.** The built-in ``next`` works on every iterator:
images, labels = next(dataiter)
print(images.shape, labels.shape)

# %%
# ``item()`` on a tensor with many elements
# -----------------------------------------
# **Symptom.** The second note reshapes a 4×4 tensor into two rows of eight and calls
# ``item()`` on the result:
z = torch.randn(4, 4).view(-1, 8)
try:
    print(z.item())
except RuntimeError as err:
    print(f"Expected error: {type(err).__name__}: {err}")

# %%
# **Why.** ``item()`` converts a tensor with exactly one element into a Python number.
#
# **Fix.** Pick one element first, or convert all of them with ``tolist()``:
print(z[0, 0].item(), z.shape, len(z.tolist()))

# %%
# ``F`` used but never imported
# -----------------------------
# **Symptom.** The third note's CNN calls ``F.relu`` in ``forward``, but imports only
# ``torch``. Defining the class works; the error appears on the first forward pass:


class NoteBlock(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, kernel_size=3)

    def forward(self, x):
        return F.relu(self.conv1(x))  # noqa: F821 - the note's missing import


block = NoteBlock()
try:
    block(torch.randn(1, 1, 28, 28))
except NameError as err:
    print(f"Expected error: {type(err).__name__}: {err}")

# %%
# **Why.** Python looks names up when a line runs, not when a function is defined.
#
# **Fix.** The import that PyTorch code conventionally uses:
import torch.nn.functional as F

print(block(torch.randn(1, 1, 28, 28)).shape)

# %%
# A CNN whose shapes do not fit
# -----------------------------
# **Symptom.** The same network flattens its features with ``view(-1, 64 * 7 * 7)``, and the
# first batch fails (the full story is in :ref:`gallery_mnist_cnn`):


def note_features(padding):
    return nn.Sequential(
        nn.Conv2d(1, 32, kernel_size=3, padding=padding),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Conv2d(32, 64, kernel_size=3, padding=padding),
        nn.ReLU(),
        nn.MaxPool2d(2),
    )


batch = torch.randn(64, 1, 28, 28)
try:
    note_features(padding=0)(batch).view(-1, 64 * 7 * 7)
except RuntimeError as err:
    print(f"Expected error: {type(err).__name__}: {err}")

# %%
# **Why.** Without padding each 3×3 convolution shrinks the image by two pixels, so the
# features are 64 × 5 × 5, not 64 × 7 × 7. Passing one dummy image through the layers shows
# the real shape:
for padding in (0, 1):
    print(f"padding={padding}:", tuple(note_features(padding)(torch.zeros(1, 1, 28, 28)).shape))

# %%
# **Fix.** ``padding=1`` keeps the 28×28 size through each convolution, so two poolings give
# 7×7. Flattening with ``flatten(1)`` or ``nn.Flatten()`` instead of ``view(-1, ...)`` keeps
# the batch dimension, so a wrong size fails in the next linear layer with a clear message,
# instead of being silently folded into a different number of rows. ``nn.LazyLinear``
# goes further and reads its input size from the first batch.
head = nn.Sequential(nn.Flatten(), nn.LazyLinear(128))
print(head(note_features(padding=1)(batch)).shape, head[1].weight.shape)

# %%
# Gradients printed without ``backward()``
# ----------------------------------------
# **Symptom.** The second note clears the gradients, then prints a bias gradient "before
# backward" and "after backward", with no ``backward()`` call between the two prints:
net = nn.Sequential(nn.Conv2d(1, 6, kernel_size=5), nn.ReLU(), nn.Flatten(), nn.LazyLinear(10))
output = net(torch.randn(1, 1, 32, 32))
net.zero_grad()
print("conv1.bias.grad before backward:", net[0].bias.grad)
print("conv1.bias.grad after backward: ", net[0].bias.grad)

# %%
# **Why.** Gradients are only computed by ``backward()``. ``zero_grad()`` sets them to
# ``None`` (the default since PyTorch 2.0; older versions filled them with zeros).
#
# **Fix.** Compute a loss and call ``backward()`` between the two prints:
loss = nn.functional.mse_loss(output, torch.randn(1, 10))
loss.backward()
print("conv1.bias.grad after backward: ", net[0].bias.grad)

# %%
# "The computational graph is static"
# -----------------------------------
# **Symptom.** The third note says that PyTorch defines its computational graph as static.
# Here is a function whose graph depends on the data: the loop runs until the values pass
# 10, so each input gets a different number of multiplications.
w = torch.tensor(2.0, requires_grad=True)


def grow(x):
    while x.abs().sum() < 10:
        x = x * w
    return x.sum()


def graph_length(output):
    length, node = 0, output.grad_fn
    while node is not None:
        length += 1
        node = node.next_functions[0][0]
    return length


for start in (torch.tensor([1.0, 1.0]), torch.tensor([0.125, 0.25])):
    out = grow(start)
    w.grad = None
    out.backward()
    print(f"start {start.tolist()}: {graph_length(out)} nodes, d(out)/dw = {w.grad.item():.1f}")

# %%
# **Why.** PyTorch records the graph while the forward pass runs and builds a new one on
# every call ("define by run"), which is why ordinary Python ``if`` and ``while`` work in a
# model. Frameworks with static graphs, such as TensorFlow 1, build the graph once before
# running it. (``torch.compile`` can capture graphs to speed them up, but that is an
# optimisation on top, not the programming model.)
#
# **Fix.** Read it as: the graph is dynamic.
#
# "The default device is cuda:0"
# ------------------------------
# **Symptom.** The third note says that PyTorch computes on the first GPU by default.
print(torch.get_default_device(), torch.ones(3).device, nn.Linear(2, 2).weight.device)

# %%
# **Why.** Tensors and models are created on the CPU unless code asks for something else,
# whether or not a GPU is present.
#
# **Fix.** Choose the device once, as the first cell of every page on this site does, and
# move the model and the data there with ``.to(device)``.
print(torch.ones(3).to(device).device)

# %%
# ``x.cuda()`` on a machine without a GPU
# ---------------------------------------
# **Symptom.** The first note tests its install with ``x.cuda()``. On a machine without an
# NVIDIA GPU and driver, that line fails; on the machine that built this page:
x = torch.tensor([1.0])
try:
    print(x.cuda())
except (RuntimeError, AssertionError) as err:
    print(f"Expected error: {type(err).__name__}: {err}")

# %%
# **Why.** ``.cuda()`` means NVIDIA's CUDA and nothing else; it cannot fall back.
#
# **Fix.** Ask what is available, as in :doc:`/install`, and use ``.to(device)``:
print(torch.accelerator.is_available(), x.to(device))

# %%
# ``torch.save(model, ...)`` of a whole model
# -------------------------------------------
# **Symptom.** The first note saves its whole model object. Loading the file back with
# today's ``torch.load`` fails:
import tempfile
from pathlib import Path

folder = tempfile.TemporaryDirectory()
whole_path = Path(folder.name) / "whole_model.pt"
torch.save(mlp, whole_path)
try:
    torch.load(whole_path)
except Exception as err:
    print(f"Expected error: {type(err).__name__}: {str(err).splitlines()[0]}")

# %%
# (The full message goes on to name the class it refused and the two ways out.)
#
# **Why.** ``torch.save(model)`` pickles the object, and unpickling can run arbitrary code.
# Since PyTorch 2.6, ``torch.load`` defaults to ``weights_only=True`` and reads only tensors
# and plain containers. Even with ``weights_only=False``, such a file only loads where the
# model's class can be imported under the same name.
#
# **Fix.** Save the ``state_dict`` and load it into a freshly built model. Use
# ``weights_only=False`` only for a file you trust, for example one you saved yourself:
state_path = Path(folder.name) / "state_dict.pt"
torch.save(mlp.state_dict(), state_path)
restored = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10)).to(device)
print(restored.load_state_dict(torch.load(state_path)))

trusted = torch.load(whole_path, weights_only=False)
print(type(trusted).__name__)
folder.cleanup()

# %%
# An install line from 2019
# -------------------------
# **Symptom.** The fifth note installs PyTorch from a wheel file built for PyTorch 1.1.0,
# CUDA 9.0, CPython 3.6 and 64-bit Windows. A wheel's file name lists the interpreters and
# platforms it runs on, and pip refuses a wheel whose tags the current interpreter does not
# support. The ``packaging`` library, which pip uses too, checks the name against this
# interpreter, whose most specific tag comes last:
from packaging.tags import sys_tags
from packaging.utils import parse_wheel_filename

name, version, _, tags = parse_wheel_filename("torch-1.1.0-cp36-cp36m-win_amd64.whl")
supported = set(sys_tags())
print(f"{name} {version}: {sorted(str(tag) for tag in tags)}")
print(f"supported: {any(tag in supported for tag in tags)}")
print(f"this interpreter: {next(iter(sys_tags()))}")

# %%
# **Why.** Python 3.6 reached its end of life in 2021, and PyTorch 1.1.0 predates most of
# what this site uses, such as ``torch.accelerator``.
#
# **Fix.** Install a current release as :doc:`/install` shows.
#
# Next: :ref:`gallery_distributed`.
