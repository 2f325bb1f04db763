"""nn.Module, exercise 2: padding keeps the size, pooling halves it."""

import torch
from torch import nn

x = torch.rand(1, 1, 28, 28)
conv = nn.Conv2d(1, 8, kernel_size=3, padding=1)
pool = nn.MaxPool2d(2)
print(conv(x).shape)  # 28 - 3 + 2 * 1 + 1 = 28
print(pool(conv(x)).shape)
