"""Data, exercise 2: how many batches a DataLoader makes, with and without drop_last."""

import torch
from torch.utils.data import DataLoader, TensorDataset

dataset = TensorDataset(torch.arange(10))
for drop_last in (False, True):
    sizes = [len(batch) for (batch,) in DataLoader(dataset, batch_size=4, drop_last=drop_last)]
    print(f"drop_last={drop_last}: {sizes}")
