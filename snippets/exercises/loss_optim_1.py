"""Loss and optimizer, exercise 1: the same total miss, spread out or in one place."""

import torch
from torch import nn

target = torch.zeros(4)
spread = torch.tensor([1.0, 1.0, 1.0, 1.0])  # four misses of 1
one_big = torch.tensor([0.0, 0.0, 0.0, 4.0])  # one miss of 4
for name, prediction in [("spread", spread), ("one big", one_big)]:
    mse = nn.MSELoss()(prediction, target)  # (1 + 1 + 1 + 1) / 4 or 16 / 4
    mae = nn.L1Loss()(prediction, target)  # 4 / 4 both times
    print(f"{name:>7}: MSE {mse.item():.1f} | mean absolute error {mae.item():.1f}")
