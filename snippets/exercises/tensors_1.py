"""Tensors, exercise 1: the numbers 0 to 11 as a 3 x 4 float matrix, and its row sums."""

import torch

t = torch.arange(12, dtype=torch.float32).reshape(3, 4)
print(t.shape, t.dtype)
print(t.sum(dim=1))
