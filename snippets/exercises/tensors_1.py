"""Tensors, exercise 1: mean() needs floating-point numbers, and arange of integers gives int64."""

import torch

t = torch.arange(12).reshape(3, 4)
print(t.dtype)  # made from Python integers: int64
try:
    t.mean()
except RuntimeError as err:
    print(f"Expected error: {type(err).__name__}")  # a mean of integers is not an integer
print(t.float().mean(dim=0))  # one mean per column, of the float32 copy
