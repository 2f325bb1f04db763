"""Tensors, exercise 2: a batch of channels-last images to channels-first, then flattened."""

import torch

batch = torch.rand(8, 28, 28, 3)  # (batch, height, width, channels)
chw = batch.permute(0, 3, 1, 2)
print(chw.shape, chw.is_contiguous())
flat = chw.reshape(8, -1)  # view() would refuse: permute is not contiguous
print(flat.shape)
