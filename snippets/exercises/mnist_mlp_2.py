"""MNIST with an MLP, exercise 2: what model.eval() and torch.inference_mode() change."""

import torch
from torch import nn

torch.manual_seed(0)
model = nn.Sequential(
    nn.Flatten(),
    nn.Linear(28 * 28, 128),
    nn.ReLU(),
    nn.Dropout(0.5),  # in training mode, zeroes half of the values at random
    nn.Linear(128, 10),
)
images = torch.randn(4, 1, 28, 28)

model.train()
in_training_mode = model(images)
model.eval()
in_evaluation_mode = model(images)
print("train and eval outputs agree:", torch.equal(in_training_mode, in_evaluation_mode))
print("two eval calls agree:        ", torch.equal(model(images), in_evaluation_mode))

print("graph recorded:", in_evaluation_mode.requires_grad)
with torch.inference_mode():
    print("graph recorded in inference_mode:", model(images).requires_grad)
