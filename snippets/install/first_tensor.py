"""The smallest check that PyTorch works: make a seeded random tensor and compute with it."""

import torch

torch.manual_seed(0)
x = torch.rand(2, 2)
print(x)
print(x.sum())
