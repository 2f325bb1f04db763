"""Data, exercise 3: statistics from the training part only, applied to the validation part."""

import torch
from torch.utils.data import random_split

torch.manual_seed(0)
values = 5 + 2 * torch.randn(1000)  # a feature with mean 5 and standard deviation 2
train, validation = random_split(values, [800, 200], generator=torch.Generator().manual_seed(0))
train_values, validation_values = values[train.indices], values[validation.indices]

mean, std = train_values.mean(), train_values.std()  # never the validation values
print(f"from the training part: mean {mean:.3f}, std {std:.3f}")
for name, part in [("training", train_values), ("validation", validation_values)]:
    scaled = (part - mean) / std
    mean_after = round(scaled.mean().item(), 3) + 0.0  # + 0.0 turns -0.0 into 0.0
    print(f"{name:>10} after scaling: mean {mean_after:.3f}, std {scaled.std():.3f}")
