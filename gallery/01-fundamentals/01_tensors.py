"""
.. _gallery_tensors:

Tensors
=======

A tensor is an n-dimensional array of numbers that PyTorch can differentiate and move to an
accelerator.

**What you will learn:** create tensors, read their shape and dtype, compute with them,
multiply matrices, reshape, join and reorder them, index them, and share memory with NumPy.

**What you need:** Python and NumPy basics, and a working install (:doc:`/install`).

.. lesson::
   :summary: Create tensors, read their shape and dtype, multiply matrices, reshape, join
      and reorder them, index, broadcast, and share memory with NumPy.
   :reason: PyTorch's basic data structure.
   :search: tensor
   :minutes: 25
   :level: beginner
   :budget: 2
"""

# %%
# Where this page ran
# -------------------
# Every example starts by choosing the fastest available device and saying which one ran it.
import platform

import torch

torch.manual_seed(0)
device = torch.accelerator.current_accelerator() if torch.accelerator.is_available() else "cpu"
print(f"device: {device} | torch {torch.__version__} | Python {platform.python_version()}")
# sphinx_gallery_thumbnail_path = "_static/thumbnails/01_tensors.png"

# %%
# Creating tensors
# ----------------
# ``torch.empty`` only reserves memory, so its values are whatever was there before: never
# read them before writing. ``rand`` draws uniformly from [0, 1), ``zeros`` and ``ones``
# fill, and ``torch.tensor`` copies existing data.
x = torch.empty(3, 3)
y = torch.rand(3, 3)
z = torch.zeros(3, 3, dtype=torch.long)
a = torch.tensor([1, 2, 3])
print(y)
print(z)
print(a)

# %%
# Shape and dtype
# ---------------
# ``size()`` and ``.shape`` return a ``torch.Size``, which is a tuple. The dtype of a tensor
# made from Python integers is ``int64``; ``torch.randn`` and ``torch.rand`` make
# ``float32``. A ``float`` is not a "long integer": ``torch.long`` is ``int64``, and
# ``torch.float`` is ``float32``.
print(x.size(), x.shape == (3, 3), isinstance(x.shape, tuple))
print(a.dtype, y.dtype, torch.randn(5, 3, dtype=torch.float).dtype)
print(torch.long, torch.float, torch.double)

# %%
# Arithmetic in three styles
# --------------------------
# The operator, the function with an ``out=`` tensor to write into, and the in-place method.
# Methods whose names end in an underscore, such as ``add_``, change the tensor they are
# called on.
x = torch.ones(2, 3)
y = torch.arange(6.0).reshape(2, 3)

print(x + y)

result = torch.empty(2, 3)
torch.add(x, y, out=result)
print(result)

y.add_(x)
print(y)

# %%
# Matrix multiplication
# ---------------------
# ``*`` multiplies element by element. ``@``, the same as ``torch.matmul``, is the matrix
# product: a ``(2, 3)`` matrix times a ``(3, 4)`` matrix gives a ``(2, 4)`` matrix, and the
# inner sizes must agree. With a batch dimension in front, ``@`` multiplies each pair of the
# batch.
m = torch.arange(6.0).reshape(2, 3)
n = torch.ones(3, 4)
print(m @ n)
print(torch.equal(m @ n, torch.matmul(m, n)), (m * m).shape)
print((torch.randn(5, 2, 3) @ torch.randn(5, 3, 4)).shape)
try:
    m @ m
except RuntimeError as err:
    print(f"Expected error: {type(err).__name__}: {err}")

# %%
# Reshaping with ``view`` and ``reshape``
# ---------------------------------------
# ``view`` returns a new tensor over the same memory with another shape; ``-1`` asks PyTorch
# to work out that dimension. ``view`` needs a contiguous layout, ``reshape`` copies when it
# must.
x = torch.randn(4, 4)
flat = x.view(16)
two_rows = x.view(-1, 8)
print(x.size(), flat.size(), two_rows.size())

transposed = x.t()
print(transposed.is_contiguous(), transposed.reshape(16).shape)

# %%
# Joining tensors with ``cat`` and ``stack``
# ------------------------------------------
# ``torch.cat`` joins tensors along a dimension they already have; ``torch.stack`` puts
# them side by side along a new one, so its inputs must all have the same shape.
zeros = torch.zeros(2, 3)
ones = torch.ones(2, 3)
print(torch.cat([zeros, ones]).shape, torch.cat([zeros, ones], dim=1).shape)
print(torch.stack([zeros, ones]).shape, torch.stack([zeros, ones], dim=2).shape)

# %%
# Adding and removing dimensions: ``unsqueeze`` and ``squeeze``
# -------------------------------------------------------------
# ``unsqueeze(d)`` inserts a dimension of size one at position ``d``; ``squeeze(d)`` removes
# one. A model takes a batch, so a single image of shape ``(1, 28, 28)`` becomes a batch of
# one with ``unsqueeze(0)``. Name the dimension: ``squeeze()`` without one removes every
# dimension of size one, a batch of one included.
v = torch.tensor([1.0, 2.0, 3.0])
print(v.shape, v.unsqueeze(0).shape, v.unsqueeze(1).shape)
image = torch.rand(1, 28, 28)
print(image.unsqueeze(0).shape, image.squeeze(0).shape)
print(image.unsqueeze(0).squeeze().shape)

# %%
# Reordering dimensions with ``permute``
# --------------------------------------
# Image files and matplotlib store a colour picture as ``(height, width, channels)``;
# PyTorch's layers expect ``(channels, height, width)``. ``permute`` lists the old
# dimensions in their new order. Like ``t()``, it returns a view of the same memory that is
# not contiguous, so ``view`` refuses it and ``reshape`` copies.
hwc = torch.rand(28, 32, 3)
chw = hwc.permute(2, 0, 1)
print(hwc.shape, chw.shape, chw.is_contiguous())
print(torch.equal(chw[1, 5, 7], hwc[5, 7, 1]))

# %%
# Indexing, slicing and broadcasting
# ----------------------------------
# Indexing works as in NumPy. Broadcasting stretches dimensions of size one so that a
# ``(3, 1)`` column and a ``(4,)`` row combine into a ``(3, 4)`` table.
t = torch.arange(12).reshape(3, 4)
print(t[0], t[:, 1], t[1:, 2:], t[t > 8], sep="\n")

column = torch.tensor([[0], [10], [20]])
row = torch.tensor([1, 2, 3, 4])
print(column + row)

# %%
# Python numbers with ``item()``
# ------------------------------
# ``item()`` turns a tensor with exactly one element into a Python number; ``tolist()``
# turns a tensor of any size into (nested) Python lists. ``item()`` on a larger tensor
# raises an error: see :ref:`Common mistakes <gallery_common_mistakes>`.
total = t.sum()
print(total, total.item())
print(t[0].tolist())

# %%
# The NumPy bridge
# ----------------
# ``tensor.numpy()`` and ``torch.from_numpy`` share memory on the CPU: changing one changes
# the other. Note the dtype: NumPy's default ``float64`` becomes ``torch.float64``.
import numpy as np

a = torch.ones(5)
b = a.numpy()
a.add_(1)
print(a, b)

c = np.ones(5)
d = torch.from_numpy(c)
np.add(c, 1, out=c)
print(c, d)

# %%
# Exercises
# ---------
#
# 1. *Easy.* ``torch.arange(12).reshape(3, 4).mean()`` raises an error. Print the tensor's
#    dtype to see why, then print the mean of each column.
#
# .. dropdown:: Solution
#
#    .. literalinclude:: /../snippets/exercises/tensors_1.py
#       :language: python
#       :lines: 3-
#
#    .. literalinclude:: /../snippets/exercises/tensors_1.out
#       :language: none
#
#    ``arange`` of Python integers makes ``int64``, and the mean of integers is not an
#    integer, so ``mean`` asks for a floating-point tensor. Convert with ``.float()``, or
#    create it with ``dtype=torch.float32``.
#
# 2. *Medium.* A batch of eight colour images arrives as ``(8, 28, 28, 3)``, channels last.
#    Reorder it to ``(8, 3, 28, 28)`` for PyTorch's layers, then flatten every image into
#    one row. Which of ``view`` and ``reshape`` works here, and why?
#
# .. dropdown:: Solution
#
#    .. literalinclude:: /../snippets/exercises/tensors_2.py
#       :language: python
#       :lines: 3-
#
#    .. literalinclude:: /../snippets/exercises/tensors_2.out
#       :language: none
#
# 3. *Harder.* Given four points in the plane as a ``(4, 2)`` tensor, compute the ``(4, 4)``
#    table of squared distances between every pair of points without a Python loop.
#
# .. dropdown:: Solution
#
#    .. literalinclude:: /../snippets/exercises/tensors_3.py
#       :language: python
#       :lines: 3-
#
#    .. literalinclude:: /../snippets/exercises/tensors_3.out
#       :language: none
