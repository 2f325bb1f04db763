"""MNIST with a CNN, exercise 2: a convolution's parameters against a linear layer's."""

from torch import nn

conv = nn.Conv2d(16, 32, kernel_size=3, padding=1)
# a linear layer from the same 16 x 14 x 14 input to the same 32 x 14 x 14 output
linear = nn.Linear(16 * 14 * 14, 32 * 14 * 14, device="meta")  # shapes only, no memory


def count(layer):
    return sum(p.numel() for p in layer.parameters())


print(f"Conv2d: {32 * 16 * 3 * 3 + 32:>10,} by hand, {count(conv):>10,} by PyTorch")
print(f"Linear: {3136 * 6272 + 6272:>10,} by hand, {count(linear):>10,} by PyTorch")
