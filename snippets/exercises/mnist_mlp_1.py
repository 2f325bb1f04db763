"""MNIST with an MLP, exercise 1: the parameters of the MLP with 256 hidden units."""

from torch import nn

model = nn.Sequential(nn.Flatten(), nn.Linear(28 * 28, 256), nn.ReLU(), nn.Linear(256, 10))
by_hand = (784 * 256 + 256) + (256 * 10 + 10)  # weights and biases of the two linear layers
print(f"by hand: {by_hand:,}")
print(f"PyTorch: {sum(p.numel() for p in model.parameters()):,}")
