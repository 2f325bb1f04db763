"""Checkpoint, exercise 2: an optimizer's state survives saving, so training goes on identically."""

import io

import torch
import torch.nn.functional as F
from torch import nn

torch.manual_seed(0)
inputs, targets = torch.randn(16, 4), torch.randn(16, 1)


def train_step(model, optimizer):
    loss = F.mse_loss(model(inputs), targets)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()


model = nn.Linear(4, 1)
optimizer = torch.optim.AdamW(model.parameters(), lr=0.1)
for _ in range(3):
    train_step(model, optimizer)

buffer = io.BytesIO()
torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict()}, buffer)
buffer.seek(0)
state = torch.load(buffer, weights_only=True)

copy = nn.Linear(4, 1)
copy_optimizer = torch.optim.AdamW(copy.parameters(), lr=0.1)
copy.load_state_dict(state["model"])
copy_optimizer.load_state_dict(state["optimizer"])
print("saved keys of the weight's state:", sorted(state["optimizer"]["state"][0]))
print("steps so far:", int(copy_optimizer.state[copy.weight]["step"]))

train_step(model, optimizer)
train_step(copy, copy_optimizer)
print("same weights after one more step:", torch.equal(model.weight, copy.weight))
