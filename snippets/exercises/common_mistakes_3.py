"""Common mistakes, exercise 3: a Python if in the forward pass gives each input its own graph."""

import torch

w = torch.tensor(3.0, requires_grad=True)


def forward(x):
    if x.sum() > 0:  # decided anew on every call, from the data
        return (x * w).sum()
    return (x * w * w).sum()


for x in (torch.tensor([1.0, 2.0]), torch.tensor([-1.0, -2.0])):
    w.grad = None
    out = forward(x)
    out.backward()
    print(f"x = {x.tolist()}: d(out)/dw = {w.grad.item()}")
# sum(x) = 3 for the first input; 2 * w * sum(x) = 2 * 3 * (-3) for the second
