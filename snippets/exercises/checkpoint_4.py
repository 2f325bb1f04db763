"""Checkpoint, exercise 4: keep the checkpoint that scores best on the validation points."""

import io

import torch
from torch import nn

torch.set_default_dtype(torch.float64)  # the same digits on every CPU and thread count
torch.set_num_threads(1)  # tensors this small: one thread is faster than several
torch.manual_seed(0)
x = torch.rand(120, 1) * 2 - 1
y = torch.sin(3 * x) + 0.3 * torch.randn(x.shape)
train, validation = slice(0, 20), slice(20, 120)  # few points to learn from: it will overfit
model = nn.Sequential(nn.Linear(1, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 1))
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
loss_fn = nn.MSELoss()

best_loss, best_step, best = float("inf"), None, None
for step in range(1, 401):
    optimizer.zero_grad()
    loss_fn(model(x[train]), y[train]).backward()
    optimizer.step()
    if step % 50 == 0:
        with torch.no_grad():
            validation_loss = loss_fn(model(x[validation]), y[validation]).item()
        print(f"step {step}: validation loss {validation_loss:.4f}")
        if validation_loss < best_loss:
            best_loss, best_step = validation_loss, step
            best = io.BytesIO()  # a new checkpoint replaces the one kept so far
            torch.save(model.state_dict(), best)

best.seek(0)
model.load_state_dict(torch.load(best, weights_only=True))
with torch.no_grad():
    reloaded = loss_fn(model(x[validation]), y[validation]).item()
print(f"kept: step {best_step}, validation loss {reloaded:.4f}")
