"""Common mistakes, exercise 1: a running total of loss tensors keeps every step's graph."""

import torch
from torch import nn

torch.manual_seed(0)
model = nn.Linear(3, 1)
inputs, targets = torch.randn(8, 3), torch.randn(8, 1)

total, total_number = 0, 0.0
for _ in range(3):
    loss = nn.functional.mse_loss(model(inputs), targets)
    total += loss  # a tensor: the sum is recorded, so it holds on to all three graphs
    total_number += loss.item()  # a Python number: nothing is kept
print(type(total).__name__, total.requires_grad, total.grad_fn.name())
print(type(total_number).__name__, round(total_number, 4))
