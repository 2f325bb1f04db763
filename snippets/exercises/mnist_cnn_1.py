"""MNIST with a CNN, exercise 1: the output size of a strided convolution and a pooling."""

import torch
from torch import nn

conv = nn.Conv2d(1, 8, kernel_size=3, stride=2)  # no padding
pool = nn.MaxPool2d(2)
side = (28 + 2 * 0 - 3) // 2 + 1  # (n + 2 * padding - kernel_size) // stride + 1
print("by formula:", side, "then", side // 2)

x = torch.zeros(1, 1, 28, 28)  # a dummy image: only its shape matters
print("conv:", tuple(conv(x).shape))
print("pool:", tuple(pool(conv(x)).shape))
