"""MNIST with an MLP, exercise 1: predictions and accuracy from the logits of a toy batch."""

import torch

logits = torch.tensor(
    [
        [2.0, 0.5, -1.0],  # four images, three classes
        [0.1, 0.3, 0.2],
        [-1.0, -2.0, -0.5],
        [0.0, 3.0, 1.0],
    ]
)
labels = torch.tensor([0, 2, 2, 1])
predictions = logits.argmax(dim=1)  # the class with the largest logit, one per row
print("predictions:", predictions.tolist())
print("correct:    ", (predictions == labels).tolist())
print(f"accuracy: {(predictions == labels).float().mean().item():.2f}")
