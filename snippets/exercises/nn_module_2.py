"""nn.Module, exercise 2: a two-layer perceptron for 28 x 28 images, as a class."""

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


print(MLP()(torch.rand(32, 1, 28, 28)).shape)
