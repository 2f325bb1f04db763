"""MNIST with a CNN, exercise 4: a CNN against an MLP on small images, judged on validation."""

import statistics

import torch
from torch import nn

torch.set_default_dtype(torch.float64)  # the same digits on every CPU and thread count
torch.set_num_threads(1)  # tensors this small: one thread is faster than several
torch.manual_seed(0)


def bar_images(n):
    """8 x 8 noisy images of one bar, three pixels long, anywhere: label 0 across, 1 down."""
    images = 0.3 * torch.randn(n, 1, 8, 8)
    labels = torch.randint(0, 2, (n,))
    for image, label, (row, column) in zip(
        images, labels, torch.randint(0, 6, (n, 2)), strict=True
    ):
        if label == 0:
            image[0, row, column : column + 3] += 1
        else:
            image[0, row : row + 3, column] += 1
    return images, labels


images, labels = bar_images(600)
train, validation = slice(0, 200), slice(200, 600)
MODELS = {
    "MLP": lambda: nn.Sequential(nn.Flatten(), nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 2)),
    "CNN": lambda: nn.Sequential(
        nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(128, 2)
    ),
}


def validation_accuracy(name, seed, steps=50):
    torch.manual_seed(seed)
    model = MODELS[name]()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
    for _ in range(steps):
        optimizer.zero_grad()
        nn.functional.cross_entropy(model(images[train]), labels[train]).backward()
        optimizer.step()
    with torch.inference_mode():
        predictions = model(images[validation]).argmax(dim=1)
    return (predictions == labels[validation]).float().mean().item()


for name in MODELS:
    scores = [validation_accuracy(name, seed) for seed in (1, 2, 3)]
    print(
        f"{name}: validation accuracy {statistics.mean(scores):.1%}"
        f" (seeds: {', '.join(f'{score:.1%}' for score in scores)})"
    )
