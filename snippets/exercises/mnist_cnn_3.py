"""MNIST with a CNN, exercise 3: with stride 1, the first linear layer needs 32 * 14 * 14 inputs."""

import torch
from torch import nn

features = nn.Sequential(
    nn.Conv2d(1, 16, kernel_size=5, stride=1, padding=2),  # 28 -> 28
    nn.ReLU(),
    nn.Conv2d(16, 32, kernel_size=3, padding=1),  # 28 -> 28
    nn.MaxPool2d(2),  # 28 -> 14
    nn.ReLU(),
    nn.Flatten(),
)
print("by formula:", 32 * 14 * 14)
flat_size = features(torch.zeros(1, 1, 28, 28)).shape[1]  # one dummy image
print("by a dummy image:", flat_size)

model = nn.Sequential(features, nn.Linear(flat_size, 128), nn.ReLU(), nn.Linear(128, 10))
print("scores:", tuple(model(torch.zeros(64, 1, 28, 28)).shape))
