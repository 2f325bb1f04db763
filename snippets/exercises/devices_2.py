"""Devices, exercise 2: a tensor a module needs goes with the module when it is a buffer."""

import torch
from torch import nn


class Shifted(nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(3, 3)
        # torch.ones(3) made in forward would stay on the CPU; a buffer moves with .to()
        self.register_buffer("offset", torch.ones(3))

    def forward(self, x):
        return self.linear(x) + self.offset


device = torch.accelerator.current_accelerator() if torch.accelerator.is_available() else "cpu"
model = Shifted().to(device)
batch = torch.zeros(2, 3, device=device)
print(model.offset.device == batch.device)
print(model(batch).shape)
print(list(model.state_dict()))  # saved with the weights, but not trained
