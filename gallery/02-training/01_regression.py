"""
.. _gallery_regression:

A first training loop: regression
=================================

**What you will learn:** to set up data, a model, a loss function and an optimizer, to write
the training loop, and to tell from points held out of training whether the model has
learned the curve or memorised its data.

**What you need:** :ref:`gallery_nn_module` and :ref:`gallery_loss_optim`.

.. lesson::
   :summary: Fit a curve with a small network: data, model, loss function, optimizer and the
      loop, with the fit drawn as it improves.
   :reason: where these pieces come together in a training loop.
   :search: training loop
   :minutes: 20
   :level: beginner
   :budget: 5

   1. Four panels, titled step = 0, 25, 100 and 500 (training steps): the noisy data points
      (x, y), the true curve x² as a dashed line, and the network's fit model(x), which
      bends from an almost straight line into the parabola.
   2. The loss on the training points (losses) and on the held-out points (held_out_losses)
      at every step, on a logarithmic scale: both fall quickly, then level off close to the
      dashed line x², which marks the loss of the true curve.

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
# 250 points with :math:`x` evenly spaced in [-1, 1] and :math:`y = x^2` plus Gaussian noise
# with standard deviation 0.1. A random 50 of them are held out: the model never trains on
# them, and they will tell whether it learned the curve or only the training points. Models
# in PyTorch take a batch of samples with one row per sample, so ``x`` gets the shape
# ``(200, 1)``: 200 training samples of one feature each. ``sort`` keeps each part in order
# of :math:`x`, which the plots below need. The data goes to ``device`` once, before
# training.
NOISE_STD = 0.1
all_x = torch.linspace(-1, 1, 250).unsqueeze(1)
all_y = all_x.pow(2) + NOISE_STD * torch.randn(all_x.shape)
order = torch.randperm(250)
train_index, held_out_index = order[:200].sort().values, order[200:].sort().values
x, y = all_x[train_index].to(device), all_y[train_index].to(device)
x_held_out, y_held_out = all_x[held_out_index].to(device), all_y[held_out_index].to(device)
print(x.shape, y.shape, x_held_out.shape)

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
# Each step uses all 200 training points at once. ``optimizer.zero_grad()`` matters:
# ``backward()`` *adds* to the ``.grad`` of every parameter, so without clearing them each
# step would use the sum of all past gradients. The loop keeps the loss of every step, and a
# copy of the predictions at a few chosen steps to draw them afterwards. After each update it
# also measures the loss on the held-out points, under ``torch.no_grad()``: that
# measurement must not leave a graph behind or change any gradient.
STEPS = 500
SNAPSHOTS = (0, 25, 100, STEPS)
losses, held_out_losses = [], []
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
    with torch.no_grad():
        held_out_losses.append(loss_fn(model(x_held_out), y_held_out).item())
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
    ax.scatter(x_cpu, y_cpu, s=6, color="0.6", label="(x, y)")
    ax.plot(x_cpu, x_cpu.pow(2), color="tab:green", linestyle="--", label="$x^2$")
    ax.plot(x_cpu, fits[step], color="tab:red", linewidth=2, label="model(x)")
    ax.set_title(f"step = {step}")
fig.legend(*axes[0, 0].get_legend_handles_labels(), loc="outside lower center", ncols=3)
for ax in axes[1]:
    ax.set_xlabel("x")
for ax in axes[:, 0]:
    ax.set_ylabel("y")
plt.show()

# %%
# The loss curves
# ---------------
# On a logarithmic scale the training loss falls quickly, then levels off. It cannot reach
# zero: the noise added to ``y`` is random, and no function of ``x`` can predict it. Even the
# true curve :math:`x^2` has a loss on these points, close to the variance of the noise,
# :math:`0.1^2 = 0.01` (the dashed line). A model that memorised the noise of its 200
# training points, which is *overfitting*, would show it on the held-out points: their loss
# would rise while the training loss kept falling.
true_curve_loss = loss_fn(x.pow(2), y).item()
true_curve_held_out_loss = loss_fn(x_held_out.pow(2), y_held_out).item()
fig, ax = plt.subplots(figsize=(3.6, 2.8))
ax.plot(losses, color="tab:blue", label="losses")
ax.plot(held_out_losses, color="tab:orange", label="held_out_losses")
ax.axhline(true_curve_loss, color="0.4", linestyle="--", label="$x^2$")
ax.set_yscale("log")
ax.set_xlabel("step")
ax.set_ylabel("MSELoss")
ax.legend()
fig.tight_layout()
plt.show()

# %%
# The final losses on the training and the held-out points, each beside the true curve's loss
# on the same points, the best any function of ``x`` can be expected to do there:
print(f"losses[-1]: {losses[-1]:.4f} | true_curve_loss: {true_curve_loss:.4f}")
print(
    f"held_out_losses[-1]: {held_out_losses[-1]:.4f} | "
    f"true_curve_held_out_loss: {true_curve_held_out_loss:.4f}"
)
lowest = min(range(STEPS), key=held_out_losses.__getitem__)
print(f"min(held_out_losses): {held_out_losses[lowest]:.4f} | step: {lowest + 1}")

# %%
# Read them together. Where the model's training loss is below the true curve's, it has
# fitted some of the noise of its own points. The held-out points say what that costs: their
# loss is close to the true curve's on them and only slightly above its lowest value. The
# model learned the curve, not its training points' noise, and more steps would not have
# helped. An overfitted model would show a training loss well below the true curve's and a
# held-out loss well above it.
#
# The model on three new inputs:
with torch.inference_mode():
    new_x = torch.tensor([[-0.5], [0.0], [0.9]], device=device)
    for xi, yi in zip(new_x.flatten().tolist(), model(new_x).flatten().tolist(), strict=True):
        print(f"x = {xi:5.2f} | model(x) = {yi:.3f} | x² = {xi * xi:.3f}")

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
