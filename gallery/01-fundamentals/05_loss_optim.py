"""
.. _gallery_loss_optim:

Loss functions and optimizers
=============================

A :term:`loss function` turns a model's output into one number that says how wrong it
is; an :term:`optimizer` uses the :term:`gradient` of that number to change the
:term:`parameters <parameter>`.

**What you will learn:** choose between ``MSELoss`` and ``CrossEntropyLoss``, feed each
the right kind of target, take one gradient-descent step by hand and with ``torch.optim``,
and write the five-line training step in the right order.

**What you need:** :ref:`gallery_autograd` and :ref:`gallery_nn_module`.

.. lesson::
   :summary: ``MSELoss`` and ``CrossEntropyLoss``, one gradient-descent step by hand and
      with ``torch.optim``, Adam, and the five-line training step.
   :reason: to measure how wrong the model is, and improve it.
   :search: learning rate; loss function; optimizer
   :minutes: 30
   :level: beginner
   :budget: 4
"""

# %%
# Where this page ran
# -------------------
import platform

import torch

torch.manual_seed(0)
device = torch.accelerator.current_accelerator() if torch.accelerator.is_available() else "cpu"
print(f"device: {device} | torch {torch.__version__} | Python {platform.python_version()}")
# sphinx_gallery_thumbnail_path = "_static/thumbnails/05_loss_optim.png"

# %%
# Mean squared error
# ------------------
# For numbers on a continuous scale (a price, a temperature) the usual loss is the mean of
# the squared differences between predictions :math:`\hat y_i` and targets :math:`y_i`:
#
# .. math::
#
#    \text{MSE} = \frac{1}{n} \sum_{i=1}^{n} (\hat y_i - y_i)^2 .
#
# With three predictions that miss by 0.5, 0.5 and 0, that is
# :math:`(0.25 + 0.25 + 0) / 3 \approx 0.1667`:
from torch import nn

prediction = torch.tensor([2.5, 0.0, 2.0], device=device)
target = torch.tensor([3.0, -0.5, 2.0], device=device)
mse = nn.MSELoss()
print(mse(prediction, target))
print(((prediction - target) ** 2).mean())

# %%
# Cross-entropy for classes
# -------------------------
# For choosing one of :math:`C` classes (which digit is this?), a model outputs :math:`C`
# raw scores per example, the :term:`logits` :math:`s_1, \dots, s_C`. :term:`Softmax` turns
# them into probabilities, and the loss is minus the log-probability of the correct class
# :math:`y`, averaged over the batch:
#
# .. math::
#
#    \ell(s, y) &= -\log \frac{e^{s_y}}{\sum_j e^{s_j}} \\
#              &= -s_y + \log \sum_j e^{s_j} .
#
# ``nn.CrossEntropyLoss`` does all of this itself. It takes the **raw logits**, shape
# ``(batch, C)``, and the **class indices**, shape ``(batch,)`` with dtype ``int64``. Here
# two examples, three classes, correct classes 0 and 2, checked against the formula:
cross_entropy = nn.CrossEntropyLoss()
logits = torch.tensor([[2.0, 0.5, -1.0], [0.1, 0.2, 3.0]], device=device)
labels = torch.tensor([0, 2], device=device)
print(cross_entropy(logits, labels))

log_probs = torch.log_softmax(logits, dim=1)
print(-log_probs[torch.arange(2, device=device), labels].mean())

# %%
# Two mistakes to avoid. Applying softmax first raises no error, but the loss then applies
# softmax a second time and computes something else, with much weaker gradients. Float
# labels, such as ``tensor([0., 2.])``, are refused: floats as targets mean class
# *probabilities*, and must then have the same shape as the logits.
print(cross_entropy(logits.softmax(dim=1), labels))
try:
    cross_entropy(logits, labels.float())
except RuntimeError as err:
    print(f"Expected error: {type(err).__name__}: {err}")

# %%
# One step of gradient descent by hand
# ------------------------------------
# Gradient descent moves every parameter a small step against its gradient. With the
# :term:`learning rate` :math:`\eta`,
#
# .. math::
#
#    w \leftarrow w - \eta \, \nabla_w L .
#
# This program takes that step once by hand and once with ``torch.optim.SGD``, from the
# same starting point on the same data, a linear model ``inputs @ w`` with a mean squared
# error:
#
# .. literalinclude:: /../snippets/optim/sgd_step.py
#    :language: python
#    :lines: 3-
#
# .. literalinclude:: /../snippets/optim/sgd_step.out
#    :language: none
#
# Line by line: ``start.clone().requires_grad_()`` makes a leaf tensor ``w`` that autograd
# tracks; ``loss.backward()`` fills ``w.grad``; the update runs under ``torch.no_grad()``
# because changing the weights is not part of the computation to differentiate, and
# ``w -= ...`` changes ``w`` in place so it stays the same leaf. Check the first entry:
# :math:`-0.0209 - 0.1 \times 0.8303 = -0.1039`. The optimizer version gets the parameters
# when it is created, and ``step()`` applies the same rule to each of them: the numbers
# agree.
#
# An optimizer updates every tensor it was given, so for a model you pass
# ``model.parameters()``. The same comparison on an ``nn.Linear`` layer, on this page's
# device:
import copy

model = nn.Linear(3, 1).to(device)
twin = copy.deepcopy(model)
inputs = torch.randn(8, 3, device=device)
targets = torch.randn(8, 1, device=device)
lr = 0.1

mse(model(inputs), targets).backward()
with torch.no_grad():
    for p in model.parameters():
        p -= lr * p.grad

optimizer = torch.optim.SGD(twin.parameters(), lr=lr)
optimizer.zero_grad()
mse(twin(inputs), targets).backward()
optimizer.step()

print(all(torch.allclose(a, b) for a, b in zip(model.parameters(), twin.parameters(), strict=True)))

# %%
# Choosing the learning rate
# --------------------------
# The learning rate sets the size of every step. Take the simplest loss,
# :math:`L(w) = w^2`, whose gradient is :math:`2w`. One step turns :math:`w` into
# :math:`w - 2\eta w = (1 - 2\eta)\,w`, so every step multiplies the distance to the minimum
# by :math:`|1 - 2\eta|`. Here are twenty steps of ``torch.optim.SGD`` from :math:`w = 1`
# with four learning rates, on that loss and on a steeper one, :math:`L(w) = 5w^2`, whose
# gradient :math:`10w` makes the factor :math:`|1 - 10\eta|`:


def w_after_20_steps(lr, steepness):
    """w after twenty SGD steps on the loss steepness * w**2, starting from w = 1."""
    w = torch.ones(1, device=device, requires_grad=True)
    optimizer = torch.optim.SGD([w], lr=lr)
    for _ in range(20):
        optimizer.zero_grad()
        (steepness * w**2).sum().backward()
        optimizer.step()
    return w.item()


print(f"{'lr':<5} {'w^2':>10} {'5 w^2':>10}")
for lr in [0.01, 0.1, 0.5, 1.1]:
    print(f"{lr:<5} {w_after_20_steps(lr, 1):>10.4g} {w_after_20_steps(lr, 5):>10.4g}")

# %%
# Read the first column, :math:`w^2`. With 0.01 the factor is 0.98, and :math:`w` creeps
# towards the minimum. With 0.1 it gets close. With 0.5 the factor is 0 and one step lands
# on the minimum. With 1.1 the factor is −1.2: every step overshoots further than the one
# before, and :math:`w` ends farther from the minimum than it started. Training diverges.
#
# The second column shows that 0.5 was a lucky fit to that one loss, not a rule. On
# :math:`5w^2` its factor is −4 and :math:`w` explodes, while 0.1 now lands on the minimum in
# one step and 0.01 gets closer than it did before. The best learning rate depends on the
# loss, and no single value suits every problem. The symptom of a rate that is too large,
# in a real run, is a loss that grows or turns into ``nan``. Real losses are not this simple,
# so a good rate is found by trying a few values spread over orders of magnitude (0.3, 0.1,
# 0.03, 0.01, for example) and judging them on a validation set (:ref:`gallery_data` shows
# how to hold one out).

# %%
# Adam
# ----
# ``torch.optim`` has many update rules beyond plain SGD: SGD with momentum, RMSprop,
# AdamW and Adam, among others. Adam keeps a running average of each parameter's gradient
# and of its square, and divides one by the square root of the other, so every parameter
# gets a step size of its own. On the very first step that ratio is :math:`g / |g|`: every
# entry moves by about the learning rate, whatever the size of its gradient. SGD, in
# contrast, moves each entry in proportion to its gradient:
w_adam = torch.tensor([1.0, -2.0, 0.5], device=device, requires_grad=True)
w_sgd = w_adam.detach().clone().requires_grad_()
scale = torch.tensor([10.0, 0.1, 1.0], device=device)

adam = torch.optim.Adam([w_adam], lr=0.01)
sgd = torch.optim.SGD([w_sgd], lr=0.01)
for w, opt in [(w_adam, adam), (w_sgd, sgd)]:
    before = w.detach().clone()
    opt.zero_grad()
    (scale * w**2).sum().backward()
    opt.step()
    print(type(opt).__name__)
    print("  w.grad:", w.grad)
    print("  Δw:    ", w.detach() - before)

# %%
# The training step, and why ``zero_grad`` comes first
# ----------------------------------------------------
# Everything above fits in five lines, repeated for every :term:`batch`:
#
# .. code-block:: python
#
#    optimizer.zero_grad()              # 1. clear old gradients
#    output = model(inputs)             # 2. forward pass
#    loss = criterion(output, targets)  # 3. one number
#    loss.backward()                    # 4. fill every .grad
#    optimizer.step()                   # 5. update parameters
#
# ``backward`` *adds* to ``.grad`` (see :ref:`gallery_autograd`), so without line 1 every
# step would use the sum of all gradients so far. ``zero_grad`` may sit anywhere before
# ``backward``, and the start of the step is the clear place; between ``backward`` and
# ``step`` it would throw the fresh gradients away. Five steps on the data above, loss
# falling:
model = nn.Linear(3, 1).to(device)
criterion = nn.MSELoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
for step in range(5):
    optimizer.zero_grad()
    output = model(inputs)
    loss = criterion(output, targets)
    loss.backward()
    optimizer.step()
    print(f"step {step}: loss {loss.item():.4f}")

# %%
# Leave out ``zero_grad`` and the gradient the optimizer sees is no longer this batch's
# gradient. After two ``backward`` calls without it, ``.grad`` holds the sum of both:
model.zero_grad()
criterion(model(inputs), targets).backward()
first = model.bias.grad.clone()
optimizer.step()
criterion(model(inputs), targets).backward()  # no zero_grad in between
accumulated = model.bias.grad.clone()

model.zero_grad()
criterion(model(inputs), targets).backward()
fresh = model.bias.grad.clone()
print(f"{first.item():.5f} + {fresh.item():.5f} -> {accumulated.item():.5f}")
print(torch.allclose(first + fresh, accumulated))

# %%
# What ``.grad`` holds before and after ``backward``
# ---------------------------------------------------
# On LeNet from :ref:`gallery_nn_module` (written as ``nn.Sequential`` to keep it short;
# ``net[0]`` is ``conv1``), print the gradient of the first layer's bias before and after
# ``backward``:
net = nn.Sequential(
    nn.Conv2d(1, 6, 5),
    nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Conv2d(6, 16, 5),
    nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Flatten(),
    nn.Linear(400, 120),
    nn.ReLU(),
    nn.Linear(120, 84),
    nn.ReLU(),
    nn.Linear(84, 10),
).to(device)
conv1 = net[0]
image = torch.randn(1, 1, 32, 32, device=device)
target = torch.randn(1, 10, device=device)
optimizer = torch.optim.SGD(net.parameters(), lr=0.01)

net.zero_grad()
print("before backward:", conv1.bias.grad)
loss = criterion(net(image), target)
loss.backward()
print("after backward: ", conv1.bias.grad)

# %%
# Before any ``backward`` there is no gradient at all: ``.grad`` is ``None``. ``zero_grad()``
# also sets gradients to ``None`` by default; with ``set_to_none=False`` it fills existing
# gradients with zeros instead (older PyTorch versions did that by default, which is why
# older tutorials print zeros here):
net.zero_grad(set_to_none=False)
print(conv1.bias.grad)

# %%
# And ``step()`` with no gradient to use changes nothing: called right after ``zero_grad``,
# it leaves every parameter exactly as it was. With a ``backward`` in between, the
# parameters move:
snapshot = [p.detach().clone() for p in net.parameters()]
net.zero_grad()
optimizer.step()
print(all(torch.equal(p, s) for p, s in zip(net.parameters(), snapshot, strict=True)))

criterion(net(image), target).backward()
optimizer.step()
print(all(torch.equal(p, s) for p, s in zip(net.parameters(), snapshot, strict=True)))

# %%
# Printing gradients without calling ``backward`` first is one of the
# :ref:`common mistakes <gallery_common_mistakes>`.

# %%
# Exercises
# ---------
#
# 1. *Easy.* Against the target ``[0, 0, 0, 0]``, one prediction misses by 1 four times,
#    ``[1, 1, 1, 1]``, another by 4 once, ``[0, 0, 0, 4]``. Predict the mean squared error
#    and the mean absolute error (``nn.L1Loss``) of each, then check. Which loss cares
#    whether the error is spread out?
#
# .. dropdown:: Solution
#
#    .. literalinclude:: /../snippets/exercises/loss_optim_1.py
#       :language: python
#       :lines: 3-
#
#    .. literalinclude:: /../snippets/exercises/loss_optim_1.out
#       :language: none
#
#    The mean absolute error is the same for both. The mean squared error of the single large
#    miss is four times larger: squaring makes large errors count far more than small ones.
#
# 2. *Medium.* Before training, a classifier for the ten digits gives roughly the same
#    logit to every class. What cross-entropy should its first batch print? Work it out
#    from the formula, then check with logits of zeros for a batch of four.
#
# .. dropdown:: Solution
#
#    .. literalinclude:: /../snippets/exercises/loss_optim_2.py
#       :language: python
#       :lines: 3-
#
#    .. literalinclude:: /../snippets/exercises/loss_optim_2.out
#       :language: none
#
#    Equal logits give every class the probability 1/10, so the loss is
#    :math:`-\log(1/10) = \log 10`, whatever the labels. A first loss far from it points to a
#    bug, such as a softmax applied twice or wrong labels.
#
# 3. *Harder.* Choose a learning rate the way this page recommends. Make 200 noisy
#    examples of a linear function of three inputs, hold out 50 of them for validation,
#    and train an ``nn.Linear(3, 1)`` with SGD for 20 steps, from the same starting
#    weights, with each of 1, 0.3, 0.1, 0.03 and 0.01. Which rate do you choose, and why
#    on the validation examples rather than on the training ones?
#
# .. dropdown:: Solution
#
#    .. literalinclude:: /../snippets/exercises/loss_optim_3.py
#       :language: python
#       :lines: 3-
#
#    .. literalinclude:: /../snippets/exercises/loss_optim_3.out
#       :language: none
#
#    The largest rate diverges, the smallest ones have not got far in 20 steps; choose the rate
#    with the lowest validation loss. Where two rates come out almost equal, both have reached
#    what the noise allows, and either is a fair choice. The training loss would reward a
#    model that fits the noise of its own examples; the held-out ones show how it does on new
#    data.
