"""Autograd, exercise 3: detach() keeps one factor out of the gradient."""

import torch

x = torch.tensor(3.0, requires_grad=True)
(x * x).backward()
print(x.grad)  # d(x * x)/dx = 2x

x.grad = None
(x * x.detach()).backward()
print(x.grad)  # the detached factor counts as a constant: the gradient is x
