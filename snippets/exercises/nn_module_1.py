"""nn.Module, exercise 1: the parameters of a linear layer, counted by hand and by PyTorch."""

from torch import nn

layer = nn.Linear(784, 10)
print(784 * 10 + 10)  # one weight per input and output, one bias per output
print(sum(p.numel() for p in layer.parameters()))
