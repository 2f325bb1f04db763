"""Loss and optimizer, exercise 3: torch.optim.SGD finds the minimum of (w - 3) ** 2."""

import torch

w = torch.zeros(1, requires_grad=True)
optimizer = torch.optim.SGD([w], lr=0.1)
for _ in range(50):
    optimizer.zero_grad()
    loss = (w - 3) ** 2
    loss.backward()
    optimizer.step()
print(f"w = {w.item():.4f}")
