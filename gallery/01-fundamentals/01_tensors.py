"""
.. _gallery_tensors:

Tensors
=======

A tensor is an n-dimensional array of numbers that PyTorch can differentiate and move to an
accelerator. After this page you can create tensors, read their shape and dtype, compute
with them in three styles, reshape them, index them, and share memory with NumPy.

**Assumes:** Python and NumPy basics, and a working install
(:doc:`/install`).
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
# ``item()`` turns a tensor with exactly one element into a Python number. On a tensor with
# more elements it raises, which is what happens to a study note that calls it on a
# 16-element tensor; use ``tolist()`` instead.
total = t.sum()
print(total, total.item())
try:
    flat.item()
except RuntimeError as err:
    print(f"Expected error: {type(err).__name__}: {err}")
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
# Where the notes go wrong
# ------------------------
# * Note 003 describes a ``dtype=torch.float`` tensor as "long integer"; ``torch.float`` is
#   ``float32`` and ``torch.long`` is ``int64``.
# * Note 001 calls ``item()`` on a 16-element tensor, which raises the error shown above.
# * Note 001 writes a 3×3 sum into a 5×3 ``out=`` tensor. PyTorch resizes it with a warning
#   that resizing a non-empty ``out`` tensor is deprecated; give ``out=`` the result's shape.
# * Note 003 says in-place methods carry an underscore in front of their name; it is at the
#   end: ``add_``, ``mul_``, ``zero_``.
#
# **Next:** :ref:`gallery_autograd`, where tensors learn to compute their own gradients.
