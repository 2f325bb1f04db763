"""Regression, exercise 3: a learning rate that is too large makes the loss grow at every step."""

import torch
from torch import nn

x = torch.linspace(-1, 1, 100).unsqueeze(1)
y = 2 * x + 1
loss_fn = nn.MSELoss()


def losses(lr, steps=10):
    """The loss every 5 steps of SGD on y = 2x + 1 with learning rate ``lr``."""
    torch.manual_seed(0)  # the same starting weights for every learning rate
    model = nn.Linear(1, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    history = []
    for step in range(steps + 1):
        loss = loss_fn(model(x), y)
        if step % 5 == 0:
            history.append(f"{loss.item():.3g}")
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return "  ".join(history)


for lr in (0.1, 0.5, 1.5):
    print(f"lr {lr}: {losses(lr)}")
