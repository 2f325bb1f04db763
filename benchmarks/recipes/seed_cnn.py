"""The seed CNN recipe: two 3×3 convolutions (32 and 64 channels), each followed by ReLU
and 2×2 max pooling, then 128 hidden units and 10 outputs; Adam with its default learning
rate (0.001), batches of 64, two epochs.

As the seed wrote it, the network expects 64 × 7 × 7 features after the second pooling but
gets 64 × 5 × 5; the minimal fix used here is ``padding=1`` on both convolutions, which keeps
28 → 28 → 14 → 14 → 7 (and the import of ``torch.nn.functional as F`` that its ``forward``
uses). ``python seed_cnn.py`` trains it and prints the test accuracy.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from seed_loop import train_and_test
from torch import nn

BATCH_SIZE = 64
EPOCHS = 2


class SeedCNN(nn.Module):
    def __init__(self, padding: int = 1):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, kernel_size=3, padding=padding)
        self.pool = nn.MaxPool2d(kernel_size=2, stride=2)
        self.conv2 = nn.Conv2d(32, 64, kernel_size=3, padding=padding)
        self.fc1 = nn.Linear(64 * 7 * 7, 128)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = x.view(-1, 64 * 7 * 7)
        return self.fc2(F.relu(self.fc1(x)))


if __name__ == "__main__":
    train_and_test(SeedCNN, torch.optim.Adam, BATCH_SIZE, EPOCHS)
