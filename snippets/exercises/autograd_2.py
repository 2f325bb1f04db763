"""Autograd, exercise 2: two backward passes add up in .grad until it is zeroed."""

import torch

w = torch.tensor(1.0, requires_grad=True)
for _ in range(2):
    loss = 5 * w
    loss.backward()
    print(w.grad)
w.grad.zero_()
print(w.grad)
