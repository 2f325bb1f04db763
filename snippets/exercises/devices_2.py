"""Devices, exercise 2: the model and its input on the same device."""

import torch
from torch import nn

device = torch.accelerator.current_accelerator() if torch.accelerator.is_available() else "cpu"
model = nn.Linear(3, 2).to(device)  # moves the parameters, in place
batch = torch.ones(4, 3).to(device)  # returns a copy: keep it
print(next(model.parameters()).device == batch.device)
print(model(batch).shape)
