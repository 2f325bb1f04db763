"""
.. _gallery_devices:

CPU, GPU and other devices
==========================

Every tensor lives on a :term:`device`: the CPU or an :term:`accelerator`. PyTorch calls
an NVIDIA GPU ``cuda``, and an AMD GPU too: PyTorch's ROCm builds for AMD GPUs use the same
``torch.cuda`` functions and device name. An Apple GPU is ``mps`` (``torch.mps``), an Intel
GPU ``xpu`` (``torch.xpu``).

**What you will learn:** pick the best device with a CPU fallback, put tensors and models
on it, bring results back for NumPy and matplotlib, and time the same work on each device.

**What you need:** :ref:`gallery_tensors` and :ref:`gallery_autograd`.

.. lesson::
   :summary: Pick the best device with a CPU fallback, move tensors and models, bring
      results back for NumPy, and time CPU against accelerator.
   :reason: where the same code runs on an accelerator.
   :search: GPU
   :minutes: 20
   :level: beginner
   :budget: 2
"""

# %%
# Choosing the device
# -------------------
# ``torch.accelerator`` answers for every kind of accelerator at once, so the same line
# works with CUDA, ROCm, MPS or XPU, and falls back to the CPU when there is none. This is the
# line every example on this site starts with; the first output line says what the machine
# that built this page had.
import platform

import torch

torch.manual_seed(0)
device = torch.accelerator.current_accelerator() if torch.accelerator.is_available() else "cpu"
print(f"device: {device} | torch {torch.__version__} | Python {platform.python_version()}")
print("torch.accelerator.device_count():", torch.accelerator.device_count())
# sphinx_gallery_thumbnail_path = "_static/thumbnails/03_devices.png"

# %%
# ``torch.device`` turns the name into an object with a ``type`` and an ``index``;
# ``"cuda"`` alone means "the current CUDA GPU", usually ``cuda:0``.
print(torch.device(device), torch.device("cuda:1").type, torch.device("cuda:1").index)

# %%
# The default device is the CPU
# -----------------------------
# A tensor is created on the CPU unless you ask for something else, even on a machine full
# of GPUs. PyTorch reports its default with ``torch.get_default_device()``.
print(torch.get_default_device())
print(torch.ones(2).device)

# %%
# ``torch.set_default_device`` can change that for a whole program, but explicit
# ``device=`` arguments and ``.to(device)`` calls keep the code readable and make each
# transfer visible.
#
# Moving tensors and models
# -------------------------
# ``tensor.to(device)`` returns a tensor on that device and leaves the original where it
# was (when the tensor is already there, it returns the same tensor, without a copy).
# ``model.to(device)`` moves the model's parameters in place and returns the model, so
# ``model = model.to(device)`` and ``model.to(device)`` do the same.
from torch import nn

cpu_tensor = torch.arange(6.0).reshape(2, 3)
moved = cpu_tensor.to(device)
print(cpu_tensor.device, moved.device)

model = nn.Linear(3, 2)
model.to(device)
print(model.weight.device, model.bias.device)
print(model(moved).device)

# %%
# Creating tensors directly on a device
# -------------------------------------
# Creating on the CPU and then moving costs a copy. Factory functions take ``device=``, and
# the ``*_like`` functions copy the shape, dtype and device of another tensor.
a = torch.ones(2, 3, device=device)
b = torch.zeros_like(a)
c = torch.randn(2, 3, device=device)
print(a.device, b.device, c.device)

# %%
# Every tensor in one operation must be on the same device (a single number, such as a
# zero-dimensional CPU tensor, is the exception). Mixing a CPU tensor with an accelerator
# tensor raises a ``RuntimeError``, the device error beginners meet most often. On a
# machine with an NVIDIA GPU, adding the two tensors above, ``moved + cpu_tensor``, stops
# with ``Expected all tensors to be on the same device, but found at least two devices,
# cuda:0 and cpu!``, from the check of element-wise operations (in PyTorch's source,
# ``aten/src/ATen/TensorIterator.cpp``). Calling the model on the CPU tensor,
# ``model(cpu_tensor)``, stops in the check of an operator's arguments
# (``aten/src/ATen/core/adaption.cpp``): a linear layer computes ``addmm``, whose argument
# ``mat1`` is the input. Recent releases say ``Expected all tensors to be on the same
# device, but got mat1 is on cpu, different from other tensors on cuda:0 (when checking
# argument in method wrapper_CUDA_addmm)``; older ones say ``Expected all tensors to be on
# the same device, but found at least two devices, cuda:0 and cpu! (when checking argument
# for argument mat1 in method wrapper_CUDA_addmm)``. Other accelerators name their own
# device (``mps:0`` for an Apple GPU), and the wording may differ; the fix is always to
# move one side with ``.to()``.
#
# A machine without an accelerator cannot raise either error: all its tensors are on the
# CPU. There the cell below only says that it skipped both mistakes; with an accelerator it
# makes them and prints the errors.


def try_to_run(compute):
    try:
        print(compute())
    except RuntimeError as err:
        print(f"Expected error: {type(err).__name__}: {err}")


if torch.accelerator.is_available():
    try_to_run(lambda: moved + cpu_tensor)  # an element-wise operation
    try_to_run(lambda: model(cpu_tensor))  # a layer on the accelerator, an input on the CPU
else:
    print("skipped: no accelerator")

# %%
# Back to the CPU for NumPy and matplotlib
# ----------------------------------------
# NumPy arrays and matplotlib figures live in CPU memory. ``.numpy()`` works only on a CPU
# tensor that does not require gradients. So what the first line below prints depends on
# the machine: where ``device`` is the CPU, ``result`` is already in CPU memory and
# ``.numpy()`` returns the array; on an accelerator it raises a ``TypeError`` that says to
# copy the tensor to host memory first. ``.cpu()`` makes that copy (and returns the tensor
# itself, without copying, when it is on the CPU already), so ``.detach().cpu().numpy()``
# works everywhere, as the second line shows.
result = (a * 2).sum(dim=0)
print("result.device:", result.device)
try:
    print("result.numpy():      ", result.numpy())
except TypeError as err:
    print(f"Expected error: {type(err).__name__}: {err}")
print("result.cpu().numpy():", result.detach().cpu().numpy())

# %%
# "Why did nothing print?"
# ------------------------
# Code written as ``if torch.cuda.is_available(): ...`` runs only with an NVIDIA GPU or an
# AMD GPU on a ROCm build. Everywhere else the condition is ``False`` and the whole block is
# skipped, silently: no output, no error. An Apple GPU does not count (it is
# ``torch.backends.mps``), nor does an Intel GPU (``torch.xpu``). Here is what each
# condition says on the machine that built this page:
print("torch.cuda.is_available():        ", torch.cuda.is_available())
print("torch.backends.mps.is_available():", torch.backends.mps.is_available())
print("torch.accelerator.is_available(): ", torch.accelerator.is_available())

# %%
# Written with the ``device`` chosen above, the same steps run on every machine and always
# print: make ``x`` on the CPU, make ``y`` directly on the device, move ``x`` there, add,
# and bring the sum back to the CPU as ``float64``. ``to`` can change the device and the
# dtype in one call.
x = torch.ones(5)
y = torch.ones_like(x, device=device)
x = x.to(device)
z = x + y
print(z)
print(z.to("cpu", torch.double))

# %%
# Timing the same work on each device
# -----------------------------------
# A matrix multiplication is the operation accelerators are built for. Accelerators run
# asynchronously: the Python call returns as soon as the work is queued. To time it,
# wait for the device with ``torch.accelerator.synchronize()`` before reading the clock,
# and run once untimed first (the first call pays one-off setup costs).
import time


def matmul_seconds(dev, n=1024, repeats=5):
    wait = torch.device(dev).type != "cpu"  # only accelerators run asynchronously
    a = torch.randn(n, n, device=dev)
    b = torch.randn(n, n, device=dev)
    a @ b  # warm-up
    if wait:
        torch.accelerator.synchronize()
    start = time.perf_counter()
    for _ in range(repeats):
        a @ b
    if wait:
        torch.accelerator.synchronize()
    return (time.perf_counter() - start) / repeats


n = 1024
flops = 2 * n**3  # multiply-adds in one n×n matrix product
timings = {"cpu": matmul_seconds("cpu", n)}
if torch.accelerator.is_available():
    timings[str(device)] = matmul_seconds(device, n)
for name, seconds in timings.items():
    gflops = flops / seconds / 1e9
    print(f"{name:>5}: {seconds * 1e3:8.2f} ms, {gflops:8.1f} GFLOP/s")

# %%
# Each line gives the time of one 1024×1024 product on that device and the arithmetic rate
# it reached, measured while this page was built, on the hardware named in the first output
# line; on a CPU-only machine there is a single line. The numbers change a little from
# build to build, and on your machine they will be your machine's. For tiny tensors the
# comparison can turn around: starting work on an accelerator has a fixed cost that can be
# larger than the arithmetic itself. ``x.cuda()`` instead of ``x.to(device)`` fails on a
# machine without a CUDA or ROCm GPU: see :ref:`Common mistakes <gallery_common_mistakes>`.

# %%
# Exercises
# ---------
#
# 1. *Easy.* Pick the accelerator if there is one and the CPU otherwise, compute the squares
#    of five evenly spaced numbers from 0 to 1 there, and turn the result into a NumPy
#    array. The same code must run on both kinds of machine.
#
# .. dropdown:: Solution
#
#    .. literalinclude:: /../snippets/exercises/devices_1.py
#       :language: python
#       :lines: 3-
#
#    .. literalinclude:: /../snippets/exercises/devices_1.out
#       :language: none
#
# 2. *Medium.* A module adds a fixed offset, ``torch.ones(3)``, that it creates in
#    ``forward``. It runs on the CPU, but on an accelerator it fails with an error saying
#    that tensors are on different devices, although ``model.to(device)`` was called. Why?
#    Make the offset move with the model (look up ``register_buffer``), and check it on
#    the chosen device.
#
# .. dropdown:: Solution
#
#    .. literalinclude:: /../snippets/exercises/devices_2.py
#       :language: python
#       :lines: 3-
#
#    .. literalinclude:: /../snippets/exercises/devices_2.out
#       :language: none
#
#    ``torch.ones(3)`` makes a new tensor on the CPU at every call. ``model.to(device)`` moves
#    only what the module registered in ``__init__``: its parameters and its *buffers*, tensors
#    that belong to the model without being trained. ``torch.ones(3, device=x.device)`` in
#    ``forward`` also works.
