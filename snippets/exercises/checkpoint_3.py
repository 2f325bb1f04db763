"""Checkpoint, exercise 3: with the random-number state restored, dropout draws the same mask."""

import torch
from torch import nn

torch.manual_seed(0)
dropout = nn.Dropout(0.5)  # a fresh module is in training mode: it drops
ones = torch.ones(10)

# Dropout draws from the global generator, as does a DataLoader without its own.
# A resumed run draws the same numbers only if this state is restored.
saved = torch.get_rng_state()
first = dropout(ones)
second = dropout(ones)  # the generator has moved on
torch.set_rng_state(saved)
again = dropout(ones)

print("second == first:", torch.equal(second, first))
print("after set_rng_state, == first:", torch.equal(again, first))
