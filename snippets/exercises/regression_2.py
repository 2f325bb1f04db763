"""Regression, exercise 2: without zero_grad() the gradients pile up and the loss never settles."""

import torch
from torch import nn

x = torch.linspace(-1, 1, 100).unsqueeze(1)
y = 2 * x + 1
loss_fn = nn.MSELoss()


def losses(clear_gradients, steps=50):
    """The loss every 10 steps of SGD on y = 2x + 1, from the same starting weights."""
    torch.manual_seed(0)
    model = nn.Linear(1, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    history = []
    for step in range(steps + 1):
        loss = loss_fn(model(x), y)
        if step % 10 == 0:
            history.append(f"{loss.item():.4f}")
        if clear_gradients:
            optimizer.zero_grad()
        loss.backward()  # adds this step's gradients to .grad
        optimizer.step()
    return " ".join(history)


print("with zero_grad:   ", losses(clear_gradients=True))
print("without zero_grad:", losses(clear_gradients=False))
