"""Checkpoint, exercise 1: a state_dict saved to memory loads into a freshly built model."""

import io

import torch
from torch import nn


def same_weights(a, b):
    return all(torch.equal(p, q) for p, q in zip(a.parameters(), b.parameters(), strict=True))


torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
fresh = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
print("before loading:", same_weights(model, fresh))

buffer = io.BytesIO()  # a file in memory; torch.save and torch.load accept it like a path
torch.save(model.state_dict(), buffer)
buffer.seek(0)  # read from the start
print(fresh.load_state_dict(torch.load(buffer, weights_only=True)))
print("after loading: ", same_weights(model, fresh))
