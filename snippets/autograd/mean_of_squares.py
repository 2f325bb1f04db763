"""Study note 001's autograd example: out = mean(3 * (x + 2)**2) at x = 1, gradient by autograd."""

import torch

x = torch.ones(2, 2, requires_grad=True)
y = x + 2
z = 3 * y * y
out = z.mean()
print(out)

out.backward()
print(x.grad)
