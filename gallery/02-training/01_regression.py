"""
.. _gallery_regression:

A first training loop: regression
=================================

**What you will learn:** to set up data, a model, a loss function and an optimizer, to write
the training loop, and to tell from the loss curve when training has learned all it can.

**What you need:** :ref:`gallery_nn_module` and :ref:`gallery_loss_optim`.

**Time:** about 20 minutes.

Every PyTorch training run, from a curve fit to a large language model, repeats the same
five steps: run the model, measure the loss, clear the old gradients, backpropagate, update
the parameters. This page writes that loop for the smallest useful problem: learning the
curve :math:`y = x^2` from noisy samples.
"""

# %%
# Where this page ran
# -------------------
import platform

import torch

torch.manual_seed(0)
device = torch.accelerator.current_accelerator() if torch.accelerator.is_available() else "cpu"
print(f"device: {device} | torch {torch.__version__} | Python {platform.python_version()}")

# %%
# The data
# --------
# 200 points with :math:`x` evenly spaced in [-1, 1] and :math:`y = x^2` plus Gaussian noise
# with standard deviation 0.1. Models in PyTorch take a batch of samples with one row per
# sample, so ``x`` gets the shape ``(200, 1)``: 200 samples of one feature each. The data
# goes to ``device`` once, before training.
NOISE_STD = 0.1
x = torch.linspace(-1, 1, 200).unsqueeze(1)
y = x.pow(2) + NOISE_STD * torch.randn(x.shape)
x, y = x.to(device), y.to(device)
print(x.shape, y.shape)

# %%
# The model, the loss function and the optimizer
# ----------------------------------------------
# A multilayer perceptron with one hidden layer of 32 units: a linear layer, the ReLU
# activation function, and a second linear layer down to one output. ``nn.MSELoss`` is the
# mean squared error between prediction and target. The optimizer holds the model's
# parameters and updates them from their gradients; Adam with a learning rate of 0.01 suits
# a problem this small.
from torch import nn

model = nn.Sequential(nn.Linear(1, 32), nn.ReLU(), nn.Linear(32, 1)).to(device)
loss_fn = nn.MSELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
print(model)
print("parameters:", sum(p.numel() for p in model.parameters()))

# %%
# The training loop
# -----------------
# Each step uses all 200 points at once. ``optimizer.zero_grad()`` matters: ``backward()``
# *adds* to the ``.grad`` of every parameter, so without clearing them each step would use
# the sum of all past gradients. The loop keeps the loss of every step, and a copy of the
# predictions at a few chosen steps to draw them afterwards.
STEPS = 500
SNAPSHOTS = (0, 25, 100, STEPS)
losses = []
fits = {}
for step in range(STEPS + 1):
    prediction = model(x)  # forward pass
    loss = loss_fn(prediction, y)
    if step in SNAPSHOTS:
        fits[step] = prediction.detach().cpu()
    if step == STEPS:
        break
    optimizer.zero_grad()
    loss.backward()  # gradients of the loss with respect to every parameter
    optimizer.step()  # one update of every parameter
    losses.append(loss.item())
    if step % 100 == 0:
        print(f"step {step:4d}  loss {loss.item():.4f}")
print(f"step {STEPS:4d}  loss {loss.item():.4f}")

# %%
# ``loss.item()`` turns the one-element loss tensor into a Python number, so the list keeps
# plain numbers and not tensors that hold on to the computational graph.
#
# The fit at four moments
# -----------------------
# The four panels show the model's predictions after 0, 25, 100 and 500 steps: the untrained
# network starts from a nearly straight line, and each panel shows how far the loop has
# bent it towards the parabola.
import matplotlib.pyplot as plt

x_cpu, y_cpu = x.cpu(), y.cpu()
fig, axes = plt.subplots(2, 2, figsize=(3.6, 4.4), sharex=True, sharey=True, layout="constrained")
for ax, step in zip(axes.flat, SNAPSHOTS, strict=True):
    ax.scatter(x_cpu, y_cpu, s=6, color="0.6", label="data")
    ax.plot(x_cpu, x_cpu.pow(2), color="tab:green", linestyle="--", label="$y = x^2$")
    ax.plot(x_cpu, fits[step], color="tab:red", linewidth=2, label="model")
    ax.set_title(f"step {step}")
fig.legend(*axes[0, 0].get_legend_handles_labels(), loc="outside lower center", ncols=3)
for ax in axes[1]:
    ax.set_xlabel("x")
for ax in axes[:, 0]:
    ax.set_ylabel("y")
plt.show()

# %%
# The loss curve
# --------------
# On a logarithmic scale the loss falls quickly, then levels off. It cannot reach zero: the
# noise added to ``y`` is random, and no function of ``x`` can predict it. Even the true
# curve :math:`x^2` has a loss on these points, close to the variance of the noise,
# :math:`0.1^2 = 0.01` (the dashed line). A loss far below that line would mean that the
# model had started to memorise the noise of these 200 points, which is overfitting: it
# would then do worse on new points.
true_curve_loss = loss_fn(x.pow(2), y).item()
fig, ax = plt.subplots(figsize=(3.6, 2.8))
ax.plot(losses, color="tab:blue", label="model")
ax.axhline(true_curve_loss, color="0.4", linestyle="--", label="true curve $x^2$")
ax.set_yscale("log")
ax.set_xlabel("step")
ax.set_ylabel("MSE loss")
ax.legend()
fig.tight_layout()
plt.show()

# %%
# The final loss compared with that of the true curve, and the model on three new inputs:
with torch.inference_mode():
    new_x = torch.tensor([[-0.5], [0.0], [0.9]], device=device)
    print(f"loss: model {losses[-1]:.4f} | true curve {true_curve_loss:.4f}")
    for xi, yi in zip(new_x.flatten().tolist(), model(new_x).flatten().tolist(), strict=True):
        print(f"x = {xi:5.2f}   model {yi:.3f}   true x^2 {xi * xi:.3f}")

# %%
# ``torch.inference_mode()`` switches off gradient tracking: predictions made there record
# no computational graph, which saves memory and time.

# %%
# Exercises
# ---------
#
# 1. *Easy.* Fit the straight line :math:`y = 2x + 1` (100 points in [-1, 1], no noise)
#    with a single ``nn.Linear(1, 1)``, SGD with a learning rate of 0.1 and 200 steps of
#    the same loop. Then print the layer's ``weight`` and ``bias``: what should they be?
#
# .. dropdown:: Solution
#
#    .. literalinclude:: /../snippets/exercises/regression_1.py
#       :language: python
#       :lines: 3-
#
#    .. literalinclude:: /../snippets/exercises/regression_1.out
#       :language: none
#
# 2. *Medium.* Train the model of exercise 1 for 50 steps twice from the same starting
#    weights, once as written and once without ``optimizer.zero_grad()``, printing the loss
#    every 10 steps. What goes wrong without it, and why?
#
# .. dropdown:: Solution
#
#    .. literalinclude:: /../snippets/exercises/regression_2.py
#       :language: python
#       :lines: 3-
#
#    .. literalinclude:: /../snippets/exercises/regression_2.out
#       :language: none
#
#    Without it, each ``backward()`` adds the new gradients to the sum of all the earlier
#    ones, so every step still follows the old directions too. The parameters overshoot
#    and the loss swings up and down instead of settling.
#
# 3. *Harder.* Would a narrower hidden layer do? Hold out 50 of this page's 200 points,
#    train the page's model on the other 150 with 2 and with 32 hidden units (Adam with a
#    learning rate of 0.03, 200 steps), each with three seeds for the starting weights, and
#    compare the loss on the held-out points. Is the difference larger than what the seed
#    alone changes?
#
# .. dropdown:: Solution
#
#    .. literalinclude:: /../snippets/exercises/regression_3.py
#       :language: python
#       :lines: 3-
#
#    .. literalinclude:: /../snippets/exercises/regression_3.out
#       :language: none
#
#    With 32 units every seed ends close to the true curve's loss on the held-out points,
#    and the seeds hardly differ. With 2 units the result depends on the seed: some runs
#    fit the parabola, others stay far from it, and the gap between the widths is larger
#    than the spread of the 32-unit runs. Judged on points the model never saw, and not on
#    one seed, the wider layer is the safer choice.

# %%
# **Next:** :ref:`gallery_mnist_mlp`, the same loop on real data: handwritten digits.
