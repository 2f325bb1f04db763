"""Data, exercise 3: a reproducible split into training and validation sets."""

import torch
from torch.utils.data import TensorDataset, random_split

dataset = TensorDataset(torch.arange(10))
splits = [
    random_split(dataset, [8, 2], generator=torch.Generator().manual_seed(0)) for _ in range(2)
]
(train, valid), (train_again, _) = splits
print(len(train), len(valid))
print(set(train.indices).isdisjoint(valid.indices), train.indices == train_again.indices)
