"""Autograd, exercise 1: both partial derivatives of f(a, b) = a * b + b ** 2 in one backward()."""

import torch

a = torch.tensor(2.0, requires_grad=True)
b = torch.tensor(3.0, requires_grad=True)
f = a * b + b**2
f.backward()
print(a.grad)  # df/da = b = 3
print(b.grad)  # df/db = a + 2b = 2 + 6 = 8
