"""Study note 003's autograd example: out = mean(2 * (x + 1)**2) at x = 1, gradient by autograd."""

import torch

x = torch.ones(2, 2, requires_grad=True)
y = x + 1
z = 2 * y * y
out = z.mean()
print(z)
print(out)

out.backward()
print(x.grad)
