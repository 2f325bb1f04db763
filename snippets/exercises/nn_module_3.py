"""nn.Module, exercise 3: LeNet on 28 x 28 images needs 16 * 4 * 4 inputs in fc1."""

import torch
import torch.nn.functional as F
from torch import nn

conv1, conv2 = nn.Conv2d(1, 6, 5), nn.Conv2d(6, 16, 5)
x = torch.randn(1, 1, 28, 28)
x = F.max_pool2d(F.relu(conv1(x)), 2)  # 28 -> 24 -> 12
x = F.max_pool2d(F.relu(conv2(x)), 2)  # 12 -> 8 -> 4
print(tuple(x.shape), torch.flatten(x, 1).shape[1])  # 16 * 4 * 4 = 256, not 400

try:
    nn.Linear(16 * 5 * 5, 120)(torch.flatten(x, 1))  # LeNet's fc1, made for 32 x 32
except RuntimeError as err:
    print(f"Expected error: {type(err).__name__}")
print(nn.Linear(16 * 4 * 4, 120)(torch.flatten(x, 1)).shape)
