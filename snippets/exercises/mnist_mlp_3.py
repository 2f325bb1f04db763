"""MNIST with an MLP, exercise 3: what model.eval() and torch.inference_mode() change."""

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
print("train mode, two calls agree:", torch.equal(model(images), model(images)))
model.eval()
print("eval mode, two calls agree: ", torch.equal(model(images), model(images)))

print("graph recorded:", model(images).requires_grad)
with torch.inference_mode():
    print("graph recorded in inference_mode:", model(images).requires_grad)
