"""Loss and optimizer, exercise 3: a learning rate chosen on a validation split."""

import torch
from torch import nn

torch.set_default_dtype(torch.float64)  # the same digits on every CPU and thread count
torch.set_num_threads(1)  # tensors this small: one thread is faster than several
torch.manual_seed(0)
inputs = torch.randn(200, 3)
targets = inputs @ torch.tensor([[1.5], [-2.0], [0.5]]) + 0.5 * torch.randn(200, 1)
order = torch.randperm(200)  # a seeded split: 150 to train on, 50 to judge by
train, validation = order[:150], order[150:]
mse = nn.MSELoss()


def validation_loss(lr, steps=20):
    torch.manual_seed(1)  # the same starting weights for every learning rate
    model = nn.Linear(3, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    for _ in range(steps):
        optimizer.zero_grad()
        mse(model(inputs[train]), targets[train]).backward()
        optimizer.step()
    with torch.no_grad():
        return mse(model(inputs[validation]), targets[validation]).item()


results = {lr: validation_loss(lr) for lr in (1.0, 0.3, 0.1, 0.03, 0.01)}
for lr, loss in results.items():
    print(f"lr {lr:>4}: validation loss {loss:.4g}")
print("chosen:", min(results, key=results.get))
