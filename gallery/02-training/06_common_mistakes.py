"""
.. _gallery_common_mistakes:

Common mistakes
===============

**What you will learn:** to recognise the mistakes that beginners meet most often in PyTorch,
from their error messages or their wrong numbers, and the fix for each.

**What you need:** the training path up to :ref:`gallery_mnist_cnn`. Each section stands on
its own, so you can also arrive from a link on another page.

.. lesson::
   :summary: The mistakes every beginner meets, each run for real, with the error or wrong
      number it produces and the fix.
   :reason: the errors every beginner meets sooner or later, each run, explained and fixed.
   :search: common mistakes
   :minutes: 30
   :level: beginner
   :budget: 4

Every section below shows a piece of code that looks reasonable, runs it, and prints what
goes wrong: either an error, caught and printed as ``Expected error: ...``, or a number that
is not what the code meant. Then it says why, and runs the fix.
"""

# %%
# Where this page ran
# -------------------
import platform

import torch

torch.manual_seed(0)
device = torch.accelerator.current_accelerator() if torch.accelerator.is_available() else "cpu"
print(f"device: {device} | torch {torch.__version__} | Python {platform.python_version()}")
# sphinx_gallery_thumbnail_path = "_static/thumbnails/06_common_mistakes.png"

# %%
# .. _mistake_old_install:
#
# An install line from an old tutorial
# ------------------------------------
# **The mistake.** Installing PyTorch from a wheel file named in a tutorial written years
# ago, here one built for PyTorch 1.1.0, CUDA 9.0, CPython 3.6 and 64-bit Windows. A wheel's
# file name lists the interpreters and platforms it runs on, and pip refuses a wheel whose
# tags the current interpreter does not support. The ``packaging`` library, which pip uses
# too, checks the name against this interpreter, whose most specific tag comes first:
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
# .. _mistake_cuda_call:
#
# ``x.cuda()`` on a machine without a CUDA GPU
# --------------------------------------------
# **The mistake.** Testing an install, or moving data, with ``x.cuda()``. On a machine with
# a GPU that ``torch.cuda`` drives it works; on any other machine it fails. What it did on
# the machine that built this page:
x = torch.tensor([1.0])
try:
    print(x.cuda())
except (RuntimeError, AssertionError) as err:
    print(f"Expected error: {type(err).__name__}: {err}")

# %%
# **Why.** ``.cuda()`` asks for a device of ``torch.cuda``: an NVIDIA GPU, or an AMD GPU with
# a ROCm build of PyTorch, which uses the same API. It cannot fall back to the CPU or to
# another kind of accelerator.
#
# **Fix.** Ask what is available, as in :doc:`/install`, and use ``.to(device)``:
print(torch.accelerator.is_available(), x.to(device))

# %%
# .. _mistake_default_device:
#
# "The default device is cuda:0"
# -------------------------------
# **The mistake.** Believing that PyTorch computes on the first GPU unless told otherwise,
# and so never moving anything. Where new tensors and layers actually live:
from torch import nn

print(torch.get_default_device(), torch.ones(3).device, nn.Linear(2, 2).weight.device)

# %%
# **Why.** Tensors and models are created on the CPU unless the code asks for something
# else, whether or not a GPU is present. Code that never moves them never uses the GPU.
#
# **Fix.** Choose the device once, as the first cell of every page on this site does, and
# move the model and the data there with ``.to(device)``:
print(torch.ones(3).to(device).device, nn.Linear(2, 2).to(device).weight.device)

# %%
# .. _mistake_two_devices:
#
# A model on the GPU, its input on the CPU
# ----------------------------------------
# **The mistake.** Moving the model to the device and forgetting the data. A tensor made by
# ``torch.randn``, ``torch.tensor`` or a ``DataLoader`` starts on the CPU:
model = nn.Linear(3, 2).to(device)
inputs = torch.randn(4, 3)
print(f"model on {model.weight.device}, inputs on {inputs.device}")
try:
    print(tuple(model(inputs).shape))
except RuntimeError as err:
    print(f"Expected error: {type(err).__name__}: {err}")

# %%
# **Why.** An operation reads all of its tensors from one device's memory; PyTorch does not
# copy a tensor to another device behind your back (a zero-dimensional CPU tensor, used as a
# plain number, is the one exception). Where the first cell of this page says
# ``device: cpu``, everything is on the CPU, so the call above works and prints a shape.
# Where it names a GPU, the same lines fail, and the output above shows the message. On an
# NVIDIA GPU, torch 2.14 words it like this for a linear layer (quoted from PyTorch's
# source, ``aten/src/ATen/core/adaption.cpp``, since a build on a CPU does not fail):
#
# ``RuntimeError: Expected all tensors to be on the same device, but got mat1 is on cpu,
# different from other tensors on cuda:0 (when checking argument in method
# wrapper_CUDA_addmm)``
#
# In older releases, and for an elementwise operation such as ``+``, it begins:
#
# ``RuntimeError: Expected all tensors to be on the same device, but found at least two
# devices, cuda:0 and cpu!``
#
# **Fix.** Move every batch to the model's device as it arrives, as the training loops of
# this site do (:ref:`gallery_devices` shows where tensors live, how they move, and what
# other accelerators say):
print(tuple(model(inputs.to(device)).shape))

# %%
# .. _mistake_item:
#
# ``item()`` on a tensor with many elements
# -----------------------------------------
# **The mistake.** Reshaping a 4×4 tensor into rows of eight and calling ``item()`` on the
# result, which still holds 16 elements:
z = torch.randn(4, 4).view(-1, 8)
print(z.shape, z.numel())
try:
    print(z.item())
except RuntimeError as err:
    print(f"Expected error: {type(err).__name__}: {err}")

# %%
# **Why.** ``item()`` converts a tensor with exactly one element into a Python number.
# Reshaping never changes the number of elements.
#
# **Fix.** Pick one element first, or convert all of them with ``tolist()``:
print(z[0, 0].item(), len(z.tolist()), len(z.tolist()[0]))

# %%
# .. _mistake_static_graph:
#
# "The computational graph is static"
# -----------------------------------
# **The mistake.** Believing that PyTorch builds its computational graph once and then
# reuses it. Here is a function whose graph depends on the data: the loop runs until the
# values pass 10, so each input gets a different number of multiplications. Counting the
# nodes of each graph shows it:
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
# **Fix.** Read it as: the graph is dynamic, rebuilt on every forward pass.
#
# .. _mistake_grad_without_backward:
#
# Gradients printed without ``backward()``
# ----------------------------------------
# **The mistake.** Clearing the gradients, then printing a bias gradient "before backward"
# and "after backward", with no ``backward()`` call between the two prints:
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
# .. _mistake_backward_twice:
#
# ``backward()`` through the same graph twice
# -------------------------------------------
# **The mistake.** Computing part of the forward pass once, before the training loop, and
# only the rest inside it. The first step works; the second fails:
encoder, head = nn.Linear(4, 8), nn.Linear(8, 1)
inputs, targets = torch.randn(16, 4), torch.randn(16, 1)
optimizer = torch.optim.SGD([*encoder.parameters(), *head.parameters()], lr=0.1)
hidden = torch.relu(encoder(inputs))
try:
    for step in range(2):
        loss = nn.functional.mse_loss(head(hidden), targets)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        print(f"step {step}: loss {loss.item():.3f}")
except RuntimeError as err:
    print(f"Expected error: {type(err).__name__}: {err}")

# %%
# **Why.** To save memory, ``backward()`` frees the values that the computational graph kept
# for it (here the output of ``relu``) as soon as it has used them. Each step builds a new
# graph for ``head``, but ``hidden`` was built once, and its part of the graph was already
# used up by the first step. ``retain_graph=True`` silences the error without curing it: the
# encoder's weights would change while ``hidden``, computed from the old weights, would not.
#
# **Fix.** Run the whole forward pass inside the loop, so that every step has a graph of its
# own (if the encoder is meant to stay fixed, compute ``hidden`` under ``torch.no_grad()``
# instead):
for step in range(2):
    loss = nn.functional.mse_loss(head(torch.relu(encoder(inputs))), targets)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    print(f"step {step}: loss {loss.item():.3f}")

# %%
# .. _mistake_no_requires_grad:
#
# A loss whose tensors do not require gradients
# ---------------------------------------------
# **The mistake.** Writing a model by hand, for the ``inputs`` and ``targets`` of the
# section above, with weights made by ``torch.randn``, and calling ``backward()`` on its
# loss:
weights = torch.randn(4, 1)
loss = nn.functional.mse_loss(inputs @ weights, targets)
try:
    loss.backward()
except RuntimeError as err:
    print(f"Expected error: {type(err).__name__}: {err}")

# %%
# **Why.** Autograd records operations only on tensors that require gradients. Here none
# does, so the loss has no ``grad_fn`` and there is nothing to propagate back. The same
# happens to a loss computed inside ``torch.no_grad()`` or ``torch.inference_mode()``.
#
# **Fix.** Mark the tensors to be learnt with ``requires_grad_()``, or create them on their
# device with ``requires_grad=True``, as in
# ``torch.randn(4, 1, device=device, requires_grad=True)``: ``.to(device)`` after creating
# one would give a copy that is not a leaf tensor, whose ``.grad`` stays ``None``. The
# parameters of ``nn`` layers already require gradients:
weights.requires_grad_()
loss = nn.functional.mse_loss(inputs @ weights, targets)
loss.backward()
print(loss.grad_fn is not None, tuple(weights.grad.shape))

# %%
# .. _mistake_numpy_requires_grad:
#
# ``numpy()`` on a tensor that requires gradients
# -----------------------------------------------
# **The mistake.** Turning the predictions of the section above's ``encoder`` and ``head``
# into a NumPy array, to plot or save them:
predictions = head(torch.relu(encoder(inputs)))
try:
    predictions.numpy()
except RuntimeError as err:
    print(f"Expected error: {type(err).__name__}: {err}")

# %%
# **Why.** The predictions are part of a computational graph, and a NumPy array cannot
# carry one; PyTorch refuses to drop it silently.
#
# **Fix.** ``detach()`` the tensor from the graph; add ``cpu()``, since NumPy only reads
# the CPU's memory. Predictions computed under ``torch.no_grad()`` need no ``detach()``:
print(predictions.detach().cpu().numpy().shape)

# %%
# .. _mistake_missing_import:
#
# ``F`` used but never imported
# -----------------------------
# **The mistake.** A model that calls ``F.relu`` in ``forward`` in a file that imports only
# ``torch``. Defining the class works; the error appears on the first forward pass:


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, kernel_size=3)

    def forward(self, x):
        return F.relu(self.conv1(x))  # noqa: F821 - the import is missing on purpose


block = Block()
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
# .. _mistake_cnn_shapes:
#
# A CNN whose shapes do not fit
# -----------------------------
# **The mistake.** Two 3×3 convolutions without padding, each followed by 2×2 pooling, and a
# first linear layer sized for 64 feature maps of 7×7. The first batch fails:


def features(padding):
    return nn.Sequential(
        nn.Conv2d(1, 32, kernel_size=3, padding=padding),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Conv2d(32, 64, kernel_size=3, padding=padding),
        nn.ReLU(),
        nn.MaxPool2d(2),
    )


class SmallCNN(nn.Module):
    def __init__(self, padding, in_features):
        super().__init__()
        self.features = features(padding)
        self.fc1 = nn.Linear(in_features, 128)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        x = self.features(x).flatten(1)
        return self.fc2(F.relu(self.fc1(x)))


batch = torch.randn(64, 1, 28, 28)
try:
    SmallCNN(padding=0, in_features=64 * 7 * 7)(batch)
except RuntimeError as err:
    print(f"Expected error: {type(err).__name__}: {err}")

# %%
# **Why.** Without padding each 3×3 convolution shrinks the image by two pixels: 28 → 26,
# pooled to 13, then 11, pooled to 5. The features are 64 × 5 × 5 = 1,600 numbers per image,
# not 64 × 7 × 7 = 3,136. Passing one dummy image through the layers shows the real shape:
for padding in (0, 1):
    print(f"padding={padding}:", tuple(features(padding)(torch.zeros(1, 1, 28, 28)).shape))

# %%
# Flattening with ``view(-1, 64 * 7 * 7)`` instead of ``flatten(1)`` is worse: it lets
# ``view`` choose the number of rows. For a batch of 64 the sizes do not divide and ``view``
# fails, but a batch of 49 images holds 49 × 1,600 = 25 × 3,136 numbers, and comes out as 25
# rows, without any error, for 49 labels:
print(tuple(features(0)(torch.zeros(49, 1, 28, 28)).view(-1, 64 * 7 * 7).shape))

# %%
# **Fix.** Size the linear layer for the features the convolutions really produce: either
# ``in_features=64 * 5 * 5``, or ``padding=1``, which keeps 28×28 through each convolution so
# that two poolings give 7×7. Flatten with ``flatten(1)`` or ``nn.Flatten()``, which keep the
# batch dimension. ``nn.LazyLinear(128)`` goes further and reads its input size from the
# first batch.
print(tuple(SmallCNN(padding=0, in_features=64 * 5 * 5)(batch).shape))
print(tuple(SmallCNN(padding=1, in_features=64 * 7 * 7)(batch).shape))

# %%
# .. _mistake_target_dtype:
#
# Class labels stored as floats
# -----------------------------
# **The mistake.** Giving ``cross_entropy`` labels that were read as floating-point numbers,
# from a table for instance:
logits = torch.randn(4, 10)
labels = torch.tensor([3.0, 7.0, 0.0, 1.0])
try:
    print(nn.functional.cross_entropy(logits, labels))
except RuntimeError as err:
    print(f"Expected error: {type(err).__name__}: {err}")

# %%
# **Why.** Class labels are indices, one whole number per example, of type ``torch.long``
# (``torch.int64``). A floating-point target means something else to ``cross_entropy``:
# a probability for every class, shaped like the logits. These labels have the shape
# ``(4,)``, not ``(4, 10)``, so ``cross_entropy`` reads them as indices and asks for an
# integer type.
#
# **Fix.** Convert the labels with ``long()``. (``datasets.MNIST`` already gives ``int64``
# labels.)
print(labels.dtype, "->", labels.long().dtype)
print(nn.functional.cross_entropy(logits, labels.long()))

# %%
# .. _mistake_test_split:
#
# A test set made from the training images
# ----------------------------------------
# **The mistake.** Building the test set with ``train=True``, the same call as the training
# set. Both objects then hold the same 60,000 images:
import os

from torchvision import datasets

root = os.environ.get("PRIMER_DATA", "data")
train_set = datasets.MNIST(root, train=True, download=True)
wrong_test_set = datasets.MNIST(root, train=True, download=True)
print(len(wrong_test_set), torch.equal(train_set.data, wrong_test_set.data))

# %%
# **Why it matters.** A model is meant to work on digits it has never seen, and only images
# kept out of training measure that. Scored on its own training images, a model looks better
# than it is. The gap is easy to see with a small model trained hard on 1,000 images: it can
# learn them by heart. Below, the first accuracy is the score on the wrong "test set", the
# images the model trained on; the second is the score on images it never saw: the 5,000
# validation images that :ref:`gallery_data` holds out with the same seeded split. The real
# test split stays for the one final measurement at the end of the path.
from torch.utils.data import random_split

train_part, validation_part = random_split(
    range(len(train_set)), [55_000, 5_000], generator=torch.Generator().manual_seed(0)
)


def as_inputs(dataset, indices):
    images = dataset.data[indices].float().div(255).flatten(1).to(device)
    return images, dataset.targets[indices].to(device)


x_train, y_train = as_inputs(train_set, train_part.indices[:1000])
x_val, y_val = as_inputs(train_set, validation_part.indices)
mlp = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10)).to(device)
optimizer = torch.optim.Adam(mlp.parameters(), lr=1e-3)
for _ in range(300):
    loss = nn.functional.cross_entropy(mlp(x_train), y_train)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()

with torch.inference_mode():
    seen = (mlp(x_train).argmax(1) == y_train).float().mean().item()
    unseen = (mlp(x_val).argmax(1) == y_val).float().mean().item()
print(f"seen:   {seen:.1%}")
print(f"unseen: {unseen:.1%}")

# %%
# **Fix.** ``datasets.MNIST(root, train=False, download=True, transform=...)`` for the test
# set, used once, at the end. Choices made during training are judged on a validation set
# held out from the training images, as above and in :ref:`gallery_mnist_mlp`.
#
# .. _mistake_dataiter_next:
#
# ``dataiter.next()``
# -------------------
# **The mistake.** Taking a batch with the iterator's ``next`` method:
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
# .. _mistake_save_whole_model:
#
# ``torch.save(model, ...)`` of a whole model
# -------------------------------------------
# **The mistake.** Saving the whole model object. Loading the file back with today's
# ``torch.load`` fails:
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
# Exercises
# ---------
#
# 1. *Easy.* A training loop sums its losses for the epoch's report with
#    ``total += loss``. What type is ``total`` after three steps, and what does it keep
#    in memory? Fix it.
#
# .. dropdown:: Solution
#
#    .. literalinclude:: /../snippets/exercises/common_mistakes_1.py
#       :language: python
#       :lines: 3-
#
#    .. literalinclude:: /../snippets/exercises/common_mistakes_1.out
#       :language: none
#
#    ``total`` is a tensor that records the sum, so it holds on to the computational graph of
#    every step it added, and memory grows with the epoch. ``loss.item()`` adds a plain
#    number instead.
#
# 2. *Medium.* Labels read from a table often arrive as a column, of shape
#    ``(batch, 1)``. Give such labels to ``nn.CrossEntropyLoss`` with logits of shape
#    ``(4, 3)``: what happens, and what shape does it want?
#
# .. dropdown:: Solution
#
#    .. literalinclude:: /../snippets/exercises/common_mistakes_2.py
#       :language: python
#       :lines: 3-
#
#    .. literalinclude:: /../snippets/exercises/common_mistakes_2.out
#       :language: none
#
#    It refuses them with a ``RuntimeError``: class indices must have the shape ``(batch,)``,
#    one number per example. ``squeeze(1)`` (or ``view(-1)``) removes the extra dimension.
#
# 3. *Harder.* Write a ``forward`` that multiplies by :math:`w` when the input's sum is
#    positive and by :math:`w^2` otherwise. Show that ``backward`` follows the
#    branch each input took.
#
# .. dropdown:: Solution
#
#    .. literalinclude:: /../snippets/exercises/common_mistakes_3.py
#       :language: python
#       :lines: 3-
#
#    .. literalinclude:: /../snippets/exercises/common_mistakes_3.out
#       :language: none
