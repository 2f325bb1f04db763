"""Faster and better, exercise 1: BatchNorm2d in training mode and in evaluation mode."""

import torch
from torch import nn

torch.manual_seed(0)
images = 5 + 2 * torch.randn(8, 3, 4, 4)  # 8 images, 3 channels, mean 5, std 2
norm = nn.BatchNorm2d(3)
torch.set_grad_enabled(False)  # no training here, so no autograd


def channel_stats(x):
    """The mean and standard deviation of each channel, over the batch and the pixels."""
    mean, std = x.mean(dim=(0, 2, 3)), x.std(dim=(0, 2, 3))
    return f"mean {rounded(mean)} | std {rounded(std)}"


def rounded(values):
    return [round(value, 2) + 0.0 for value in values.tolist()]  # + 0.0 turns -0.0 into 0.0


norm.train()
print("train mode:", channel_stats(norm(images)))
print("running mean after one batch:", rounded(norm.running_mean))
# Evaluation mode normalizes with the running averages, not the batch's statistics.
# One batch has moved them only a tenth of the way from 0 and 1 (momentum=0.1).
norm.eval()
print("eval mode: ", channel_stats(norm(images)))
