"""MNIST with an MLP, exercise 3: does dropout help? First the seed's own noise."""

import statistics

import torch
from torch import nn

torch.set_default_dtype(torch.float64)  # the same digits on every CPU and thread count
torch.set_num_threads(1)  # tensors this small: one thread is faster than several
torch.manual_seed(0)
centres = 0.5 * torch.randn(10, 20)  # ten classes, each a cloud of points in 20 dimensions
labels = torch.randint(0, 10, (700,))
points = centres[labels] + torch.randn(700, 20)
train, validation = slice(0, 200), slice(200, 700)  # the data is random: no need to shuffle


class Dropout(nn.Module):
    """What nn.Dropout does, with its masks drawn by torch.rand.

    nn.Dropout draws its masks differently from one torch release to another; this answer
    has to print the same numbers on every release the course supports.
    """

    def __init__(self, p):
        super().__init__()
        self.p = p

    def forward(self, x):
        if not self.training or self.p == 0:
            return x
        keep = torch.rand_like(x) >= self.p  # each unit survives with probability 1 - p
        return x * keep / (1 - self.p)


def validation_accuracy(dropout, seed, steps=50):
    torch.manual_seed(seed)  # the starting weights and the dropout masks
    model = nn.Sequential(nn.Linear(20, 128), nn.ReLU(), Dropout(dropout), nn.Linear(128, 10))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
    for _ in range(steps):
        optimizer.zero_grad()
        nn.functional.cross_entropy(model(points[train]), labels[train]).backward()
        optimizer.step()
    model.eval()
    with torch.inference_mode():
        predictions = model(points[validation]).argmax(dim=1)
    return (predictions == labels[validation]).float().mean().item()


for dropout in (0.0, 0.5):
    scores = [validation_accuracy(dropout, seed) for seed in (1, 2, 3)]
    print(
        f"dropout {dropout}: validation accuracy {statistics.mean(scores):.1%}"
        f" (seeds: {', '.join(f'{score:.1%}' for score in scores)})"
    )
