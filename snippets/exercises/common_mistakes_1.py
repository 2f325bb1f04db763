"""Common mistakes, exercise 1: item() needs one element; a reduction or tolist() gives numbers."""

import torch

torch.manual_seed(0)
scores = torch.randn(3, 4)
column_means = scores.mean(dim=0)  # one mean per column: 4 elements
try:
    column_means.item()
except RuntimeError as err:
    print(f"Expected error: {type(err).__name__}: {err}")

print(f"mean of all elements: {scores.mean().item():.4f}")
print("column means:", [round(value, 4) for value in column_means.tolist()])
