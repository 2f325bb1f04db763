"""Common mistakes, exercise 2: class labels read as a column of shape (batch, 1)."""

import torch
from torch import nn

torch.manual_seed(0)
logits = torch.randn(4, 3)
labels = torch.tensor([[0], [2], [1], [2]])  # one label per row, as read from a table
print(logits.shape, labels.shape)
try:
    nn.CrossEntropyLoss()(logits, labels)
except RuntimeError as err:
    print(f"Expected error: {type(err).__name__}")
labels = labels.squeeze(1)  # the shape the loss wants: (batch,)
print(labels.shape, f"{nn.CrossEntropyLoss()(logits, labels).item():.4f}")
