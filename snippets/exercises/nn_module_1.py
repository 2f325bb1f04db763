"""nn.Module, exercise 1: a two-layer perceptron for 28 x 28 images, as a class, and its size."""

import torch
from torch import nn


class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.hidden = nn.Linear(28 * 28, 128)
        self.out = nn.Linear(128, 10)

    def forward(self, x):
        return self.out(torch.relu(self.hidden(self.flatten(x))))


model = MLP()
print(model(torch.rand(32, 1, 28, 28)).shape)
print((784 * 128 + 128) + (128 * 10 + 10))  # out x in weights plus out biases, per layer
print(sum(p.numel() for p in model.parameters()))
