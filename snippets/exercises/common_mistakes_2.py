"""Common mistakes, exercise 2: the features of the unpadded CNN for 32x32 images."""

import torch
from torch import nn

features = nn.Sequential(
    nn.Conv2d(1, 32, kernel_size=3),
    nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Conv2d(32, 64, kernel_size=3),
    nn.ReLU(),
    nn.MaxPool2d(2),
)
# By hand: 32 -> 30 (conv) -> 15 (pool) -> 13 (conv) -> 6 (pool, rounded down)
print("by hand:", 64 * 6 * 6)
shape = features(torch.zeros(1, 1, 32, 32)).shape
print("dummy image:", tuple(shape), "->", shape[1:].numel())
fc1 = nn.Linear(shape[1:].numel(), 128)
print(tuple(fc1(features(torch.zeros(8, 1, 32, 32)).flatten(1)).shape))
