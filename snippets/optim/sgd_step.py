"""One step of gradient descent written out by hand, then the same step with torch.optim.SGD."""

import torch

torch.manual_seed(0)
inputs = torch.randn(8, 3)
targets = torch.randn(8, 1)
start = torch.randn(3, 1)
lr = 0.1

# By hand: compute the gradient, then move against it.
w = start.clone().requires_grad_()
loss = ((inputs @ w - targets) ** 2).mean()
loss.backward()
print("w before:", start.T)
print("gradient:", w.grad.T)
with torch.no_grad():
    w -= lr * w.grad
print("w after: ", w.detach().T)

# The same step with an optimizer.
w_opt = start.clone().requires_grad_()
optimizer = torch.optim.SGD([w_opt], lr=lr)
optimizer.zero_grad()
loss = ((inputs @ w_opt - targets) ** 2).mean()
loss.backward()
optimizer.step()
print("optim.SGD:", w_opt.detach().T)
print("same numbers:", torch.allclose(w, w_opt))
