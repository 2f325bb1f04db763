"""Data, exercise 1: a DataLoader batches a dict of tensors key by key."""

import torch
from torch.utils.data import DataLoader, Dataset


class Points(Dataset):
    def __len__(self):
        return 6

    def __getitem__(self, i):
        return {"xy": torch.tensor([i, -i]), "label": i % 2}


batch = next(iter(DataLoader(Points(), batch_size=4)))
print(type(batch).__name__, list(batch))
print(batch["xy"].shape, batch["label"])  # one row per item; numbers become a tensor
