"""Loss and optimizer, exercise 2: cross-entropy is the negative log-softmax of the true class."""

import torch
from torch import nn

logits = torch.tensor([[2.0, 0.0, 0.0]])
label = torch.tensor([0])
print(nn.CrossEntropyLoss()(logits, label))
print(-torch.log_softmax(logits, dim=1)[0, 0])
