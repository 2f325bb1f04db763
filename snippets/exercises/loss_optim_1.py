"""Loss and optimizer, exercise 1: mean squared error by hand and with nn.MSELoss."""

import torch
from torch import nn

prediction = torch.tensor([1.0, 2.0, 3.0])
target = torch.tensor([1.0, 0.0, 3.0])
print(((prediction - target) ** 2).mean())  # (0 + 4 + 0) / 3
print(nn.MSELoss()(prediction, target))
