"""Tensors, exercise 3: every pairwise squared distance between points, by broadcasting."""

import torch

points = torch.tensor([[0.0, 0.0], [3.0, 4.0], [1.0, 1.0], [-2.0, 0.0]])
differences = points.unsqueeze(1) - points.unsqueeze(0)  # (4, 1, 2) - (1, 4, 2)
squared = (differences**2).sum(dim=2)
print(differences.shape)
print(squared)
print(torch.allclose(squared, torch.cdist(points, points) ** 2))
