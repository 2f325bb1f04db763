"""The training pipeline the seed recipes share, written the way they train.

Each image goes through ``ToTensor`` and ``Normalize((0.5,), (0.5,))`` in a shuffling
``DataLoader``; every batch makes one forward pass, one loss, ``zero_grad``, ``backward`` and
``step``. The test set is the real one (10,000 images). Everything runs on the accelerator
when there is one, as the site's recipe does, so that both are timed on the same device.
``train_and_test`` prints the lines the benchmark reads: ``training time: N.N s`` (the
training loop alone, as the site's recipe measures its own: from the first batch to the last
update, with the ``DataLoader``'s per-image ``ToTensor`` and ``Normalize`` inside it, because
that is where this pipeline prepares its data) and ``test accuracy: NN.NN%``.
"""

from __future__ import annotations

import os
import time

import torch
from torch.utils.data import DataLoader
from torchvision import datasets, transforms


def pick_device():
    return torch.accelerator.current_accelerator() if torch.accelerator.is_available() else "cpu"


def mnist_loader(root: str, train: bool, batch_size: int) -> DataLoader:
    transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.5,), (0.5,))])
    dataset = datasets.MNIST(root, train=train, download=True, transform=transform)
    return DataLoader(dataset, batch_size=batch_size, shuffle=train)


def train(model, optimizer, loader, epochs: int, device) -> None:
    """Train for ``epochs`` epochs; return the seconds the loop took."""
    loss_fn = torch.nn.CrossEntropyLoss()
    model.train()
    started = time.perf_counter()
    for epoch in range(epochs):
        for images, labels in loader:
            loss = loss_fn(model(images.to(device)), labels.to(device))
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        print(f"epoch {epoch + 1}: last batch loss {loss.item():.4f}", flush=True)
    return time.perf_counter() - started


def test_accuracy(model, loader, device) -> float:
    model.eval()
    correct = 0
    with torch.no_grad():
        for images, labels in loader:
            correct += (model(images.to(device)).argmax(1) == labels.to(device)).sum().item()
    return correct / len(loader.dataset)


def train_and_test(new_model, new_optimizer, batch_size: int, epochs: int) -> None:
    """Train ``new_model()`` with ``new_optimizer(parameters)`` on MNIST from ``$PRIMER_DATA``,
    with the seed ``$PRIMER_FIRST_SEED`` (0 when unset), as the site's recipe reads it."""
    torch.manual_seed(int(os.environ.get("PRIMER_FIRST_SEED", "0")))
    device = pick_device()
    root = os.environ.get("PRIMER_DATA", "data")
    model = new_model().to(device)
    optimizer = new_optimizer(model.parameters())
    seconds = train(model, optimizer, mnist_loader(root, True, batch_size), epochs, device)
    accuracy = test_accuracy(model, mnist_loader(root, False, 1000), device)
    print(f"device: {device}")
    print(f"training time: {seconds:.1f} s")
    print(f"test accuracy: {accuracy:.2%}")
