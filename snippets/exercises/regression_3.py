"""Regression, exercise 3: the hidden layer's width, judged on held-out points over three seeds."""

import statistics

import torch
from torch import nn

torch.set_default_dtype(torch.float64)  # the same digits on every CPU and thread count
torch.set_num_threads(1)  # tensors this small: one thread is faster than several
torch.manual_seed(0)
x = torch.linspace(-1, 1, 200).unsqueeze(1)
y = x.pow(2) + 0.1 * torch.randn(x.shape)  # 200 noisy points, made as on the page
order = torch.randperm(200)
train, held_out = order[:150], order[150:]  # 50 points the model never learns from
loss_fn = nn.MSELoss()


def held_out_loss(width, seed, steps=200):
    torch.manual_seed(seed)  # the seed sets the starting weights
    model = nn.Sequential(nn.Linear(1, width), nn.ReLU(), nn.Linear(width, 1))
    optimizer = torch.optim.Adam(model.parameters(), lr=0.03)
    for _ in range(steps):
        optimizer.zero_grad()
        loss_fn(model(x[train]), y[train]).backward()
        optimizer.step()
    with torch.no_grad():
        return loss_fn(model(x[held_out]), y[held_out]).item()


for width in (2, 32):
    losses = [held_out_loss(width, seed) for seed in (1, 2, 3)]
    print(
        f"{width:>3} hidden units: held-out loss {statistics.mean(losses):.4f}"
        f" (seeds from {min(losses):.4f} to {max(losses):.4f})"
    )
print(f"true curve x^2:   held-out loss {loss_fn(x[held_out].pow(2), y[held_out]).item():.4f}")
