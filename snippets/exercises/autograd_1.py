"""Autograd, exercise 1: the derivative of x ** 3 at x = 2, by hand (12) and by autograd."""

import torch

x = torch.tensor(2.0, requires_grad=True)
y = x**3
y.backward()
print(x.grad)
