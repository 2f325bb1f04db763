"""The seed perceptron recipe: 784 inputs, 128 hidden units with ReLU, 10 outputs; Adam with
a learning rate of 0.001, batches of 20,000, five epochs.

The seed tested on the training split by mistake; this script tests on the test split.
``python seed_mlp.py`` trains it and prints the test accuracy.
"""

from __future__ import annotations

import torch
from seed_loop import train_and_test
from torch import nn

BATCH_SIZE = 20_000
EPOCHS = 5
LEARNING_RATE = 0.001


def seed_mlp() -> nn.Module:
    return nn.Sequential(nn.Flatten(), nn.Linear(28 * 28, 128), nn.ReLU(), nn.Linear(128, 10))


def adam(parameters):
    return torch.optim.Adam(parameters, lr=LEARNING_RATE)


if __name__ == "__main__":
    train_and_test(seed_mlp, adam, BATCH_SIZE, EPOCHS)
