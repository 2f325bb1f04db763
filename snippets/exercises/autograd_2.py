"""Autograd, exercise 2: a batch's gradient, accumulated from its two halves."""

import torch

torch.manual_seed(0)
x = torch.randn(4)  # a batch of four inputs
y = 3 * x  # their targets
w = torch.tensor(1.0, requires_grad=True)

((w * x - y) ** 2).mean().backward()  # the whole batch at once
whole = w.grad.clone()

w.grad = None
for half_x, half_y in zip(x.split(2), y.split(2), strict=True):
    # Each half's mean counts for half of the batch's mean; backward() adds the pieces.
    (((w * half_x - half_y) ** 2).mean() / 2).backward()
print(f"whole batch: {whole.item():.4f} | two halves added: {w.grad.item():.4f}")
print(torch.allclose(whole, w.grad))
