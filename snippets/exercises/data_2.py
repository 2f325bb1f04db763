"""Data, exercise 2: how many of ten rare items a random 80/20 split puts in validation."""

import torch
from torch.utils.data import random_split

labels = torch.zeros(100, dtype=torch.long)
labels[:10] = 1  # ten items of a rare class among 100
for seed in range(5):
    generator = torch.Generator().manual_seed(seed)
    _, validation = random_split(range(100), [80, 20], generator=generator)
    rare = labels[validation.indices].sum().item()
    print(f"seed {seed}: rare items in validation: {rare} of 20")
