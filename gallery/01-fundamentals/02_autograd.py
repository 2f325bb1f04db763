"""
.. _gallery_autograd:

Autograd: automatic differentiation
===================================

PyTorch records the operations you apply to a tensor and can then compute gradients for
you.

**What you will learn:** ask for gradients with ``requires_grad``, check autograd's answer
by hand, read the recorded graph through ``grad_fn``, and avoid the three usual surprises:
gradients that add up, ``backward`` on a non-scalar, and tracking you did not want.

**What you need:** :ref:`gallery_tensors`, and the derivative of :math:`x^2` from school.

.. lesson::
   :summary: ``requires_grad``, ``backward`` and ``grad_fn``: two worked examples checked by
      hand, a drawing of the graph, and the usual surprises.
   :reason: where tensors learn to compute their own gradients.
   :search: autograd
   :minutes: 30
   :level: beginner
   :budget: 3

   1. The backward graph of out as boxes joined by arrows: out.grad_fn (MeanBackward0) at
      the top, two MulBackward0 nodes and the AddBackward0 of y below it, and at the bottom
      the AccumulateGrad node that stores x.grad.
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
# Asking for gradients
# --------------------
# A tensor created with ``requires_grad=True`` is a :term:`leaf <leaf tensor>` of the
# :term:`computational graph`: :term:`autograd` remembers every operation that uses it.
# Each result carries a ``grad_fn``, the function that will send gradients back to its
# inputs during :term:`backpropagation`. Tensors that nobody asked gradients for have no
# ``grad_fn``.
x = torch.ones(2, 2, device=device, requires_grad=True)
y = x + 2
c = torch.ones(2, 2, device=device) + 2
print(x.is_leaf, x.grad_fn)
print(y.is_leaf, y.grad_fn.name())
print(c.requires_grad, c.grad_fn)

# %%
# Only floating-point (and complex) tensors can require gradients: a derivative with
# respect to an integer makes no sense. So autograd does not differentiate all tensors, only
# the floating-point ones you mark and everything computed from them.
try:
    torch.tensor([1, 2, 3]).requires_grad_()
except RuntimeError as err:
    print(f"Expected error: {type(err).__name__}: {err}")

# %%
# A first example, checked by hand
# --------------------------------
# Start from a 2×2 tensor of ones, add 2, square, multiply by 3, and average the four
# entries:
#
# .. literalinclude:: /../snippets/autograd/mean_of_squares.py
#    :language: python
#    :lines: 3-
#
# .. literalinclude:: /../snippets/autograd/mean_of_squares.out
#    :language: none
#
# Line by line: every entry of ``y`` is :math:`1 + 2 = 3`, every entry of ``z`` is
# :math:`3 \cdot 3^2 = 27`, and the mean of four entries equal to 27 is 27. ``out.backward()`` fills
# ``x.grad`` with :math:`\partial\,\text{out} / \partial x_i` for each entry. Written out,
#
# .. math::
#
#    \text{out} = \frac{1}{4} \sum_{i=1}^{4} 3 (x_i + 2)^2,
#
# .. math::
#
#    \frac{\partial \text{out}}{\partial x_i} = \frac{3}{4} \cdot 2 (x_i + 2) = 1.5 (x_i + 2)
#
# and at :math:`x_i = 1` that is :math:`1.5 \cdot 3 = 4.5`, exactly what autograd
# printed. The formula holds for any :math:`x`, not just ones, so test it on random values:
x = torch.randn(2, 2, device=device, requires_grad=True)
out = (3 * (x + 2) ** 2).mean()
out.backward()
by_hand = 1.5 * (x.detach() + 2)
print(x.grad)
print(torch.allclose(x.grad, by_hand))

# %%
# A second example
# ----------------
# The same steps with :math:`y = x + 1` and :math:`z = 2y^2`:
#
# .. literalinclude:: /../snippets/autograd/mean_of_squares_plus_one.py
#    :language: python
#    :lines: 3-
#
# .. literalinclude:: /../snippets/autograd/mean_of_squares_plus_one.out
#    :language: none
#
# Each entry of ``z`` is :math:`2 \cdot 2^2 = 8`, so ``out`` is 8, and
#
# .. math::
#
#    \frac{\partial \text{out}}{\partial x_i} = \frac{1}{4} \cdot 2 \cdot 2 (x_i + 1) = x_i + 1,
#
# which is 2 at :math:`x_i = 1`.
#
# ``out`` is a single number, so ``out.backward()`` needs no argument: it starts from
# :math:`\partial\,\text{out} / \partial\,\text{out} = 1`, which is what passing
# ``torch.tensor(1.0)`` would say explicitly.

# %%
# Walking the graph
# -----------------
# The graph is made of ``grad_fn`` objects. Each one lists the functions of its inputs in
# ``next_functions``, as ``(function, output index)`` pairs; ``None`` marks an input that
# needs no gradient, such as the constants 2 and 3. A leaf appears as ``AccumulateGrad``:
# the node that adds the incoming gradient into ``x.grad``. A short recursive function
# prints everything below ``out.grad_fn``:
x = torch.ones(2, 2, device=device, requires_grad=True)
y = x + 2
z = 3 * y * y
out = z.mean()


def show(fn, depth=0):
    print("    " * depth + ("None" if fn is None else fn.name()))
    if fn is not None:
        for child, _ in fn.next_functions:
            show(child, depth + 1)


show(out.grad_fn)

# %%
# ``AddBackward0`` appears twice: ``z = 3 * y * y`` is computed as ``(3 * y) * y``, so two
# paths lead back to ``y``. It is one node, though, and during ``backward`` the gradients
# arriving along the two paths are added. The figure below is drawn by walking the
# ``next_functions`` of this very ``out``, and shows each node once.
import matplotlib.pyplot as plt


def walk(root):
    """Depth of each node below ``root`` (its longest path) and all edges."""
    depth, edges, stack = {root: 0}, set(), [root]
    while stack:
        fn = stack.pop()
        for child, _ in fn.next_functions:
            if child is None:
                continue
            edges.add((fn, child))
            if depth.get(child, -1) < depth[fn] + 1:
                depth[child] = depth[fn] + 1
                stack.append(child)
    return depth, edges


def label(fn, tensors):
    """The text of ``fn``'s box: the node's name and which of ``tensors`` it belongs to.

    ``walk`` keeps every node it met alive, so ``tensor.grad_fn`` returns those very node
    objects and ``is`` compares them reliably.
    """
    kind = fn.name().rsplit("::")[-1]  # "torch::autograd::AccumulateGrad" on some versions
    leaf = kind == "AccumulateGrad"
    for name, tensor in tensors.items():
        if fn.variable is tensor if leaf else tensor.grad_fn is fn:
            return f"{kind}\n{name}.grad" if leaf else f"{kind}\n{name}.grad_fn"
    return kind


def draw_graph(root, tensors, ax):
    depth, edges = walk(root)
    rows = {}
    for fn, d in depth.items():
        rows.setdefault(d, []).append(fn)
    pos = {}
    for d, fns in rows.items():
        for i, fn in enumerate(fns):
            pos[fn] = ((i + 1) / (len(fns) + 1), -d)
    for parent, child in edges:
        (x0, y0), (x1, y1) = pos[parent], pos[child]
        skips = y0 - y1 > 1  # goes past a row: curve beside the boxes
        dx, gap = (0.14, 4) if skips else (0.0, 16)
        arrow = dict(
            arrowstyle="-|>",
            color="0.35",
            shrinkA=gap,
            shrinkB=gap,
            connectionstyle="arc3,rad=-0.4" if skips else "arc3",
        )
        ax.annotate("", xy=(x1 + dx, y1), xytext=(x0 + dx, y0), arrowprops=arrow)
    for fn, (x, y) in pos.items():
        leaf = fn.name().endswith("AccumulateGrad")
        box = dict(boxstyle="round,pad=0.4", fc="#dbeafe" if leaf else "#fde7c7", ec="0.3")
        ax.text(x, y, label(fn, tensors), ha="center", va="center", bbox=box)
    ax.set_xlim(0, 1)
    ax.set_ylim(-max(depth.values()) - 0.4, 0.4)
    ax.axis("off")


fig, ax = plt.subplots(figsize=(3.6, 5.2), facecolor="white")
draw_graph(out.grad_fn, {"x": x, "y": y, "z": z, "out": out}, ax)
fig.tight_layout()
plt.show()

# %%
# Walking a network's graph
# -------------------------
# Walking three steps back from a network's loss, you might expect to meet "MSELoss",
# "Linear" and "ReLU". The walk on a small two-layer network (layers are the topic of
# :ref:`gallery_nn_module`) shows what is really there. Layers do not appear in the graph,
# only the operations they ran: ``nn.Linear`` becomes ``AddmmBackward0``
# (``bias + input @ weight.T``). Its first input is the bias, a leaf, so the third step
# ``next_functions[0][0]`` lands on an ``AccumulateGrad``; the ReLU is input number 1.
from torch import nn

net = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2)).to(device)
loss = nn.MSELoss()(net(torch.randn(1, 4, device=device)), torch.randn(1, 2, device=device))

step1 = loss.grad_fn
step2 = step1.next_functions[0][0]
step3 = step2.next_functions[0][0]
print(step1.name(), "->", step2.name(), "->", step3.name())
print([fn.name() for fn, _ in step2.next_functions])
print(step3.variable is net[2].bias)

# %%
# Gradients accumulate
# --------------------
# ``backward`` *adds* into ``.grad``; it never overwrites it. Run the same computation three
# times and the gradient of :math:`\sum x_i^2`, which is :math:`2x`, comes out once, twice,
# three times:
x = torch.tensor([1.0, 2.0, 3.0], device=device, requires_grad=True)
for _ in range(3):
    (x**2).sum().backward()
    print(x.grad)

# %%
# That is useful when one gradient is the sum of several pieces, and a bug in a training
# loop, where each step needs the gradient of its own batch only. Clear the gradient before
# the next ``backward``: set it to ``None`` (the memory is freed) or fill it with zeros.
# ``model.zero_grad()`` and ``optimizer.zero_grad()`` do this for every parameter and, by
# default, set the gradients to ``None``; see :ref:`gallery_loss_optim`.
x.grad = None
(x**2).sum().backward()
print(x.grad)

# %%
# ``backward`` on a non-scalar
# ----------------------------
# A gradient is the derivative of *one* number. When the output has several entries,
# ``backward()`` does not know how to combine them, and says so:
x = torch.ones(2, 2, device=device, requires_grad=True)
z = 3 * (x + 2) ** 2
try:
    z.backward()
except RuntimeError as err:
    print(f"Expected error: {type(err).__name__}: {err}")

# %%
# Pass a ``gradient`` tensor of the same shape as ``z``: it holds the weights
# :math:`v_j` of the weighted sum :math:`\sum_j v_j z_j` whose gradient you get. All ones
# give the gradient of ``z.sum()``; here :math:`\partial z_i / \partial x_i = 6(x_i + 2) = 18`.
# A random ``gradient`` also runs, but it differentiates a random weighted sum of the
# outputs: a way to exercise ``backward``, not a quantity anyone trains on.
z.backward(gradient=torch.ones_like(z))
print(x.grad)

# %%
# Turning tracking off: ``no_grad`` and ``detach``
# ------------------------------------------------
# Recording costs memory. Inside ``with torch.no_grad():`` nothing is recorded: use it to
# evaluate a model or to update weights by hand. ``detach()`` returns a tensor with the same
# values (the same memory, even) but cut off from the graph.
x = torch.ones(3, device=device, requires_grad=True)
with torch.no_grad():
    doubled = x * 2
print(doubled.requires_grad)

d = (x * 2).detach()
print(d.requires_grad, d.grad_fn)

# %%
# NumPy knows nothing of gradients, so a tensor that requires them refuses ``.numpy()``.
# ``detach()`` first; on an accelerator also ``.cpu()`` (see :ref:`gallery_devices`).
w = torch.ones(3, requires_grad=True)
try:
    w.numpy()
except RuntimeError as err:
    print(f"Expected error: {type(err).__name__}: {err}")
print(x.detach().cpu().numpy())

# %%
# Exercises
# ---------
#
# 1. *Easy.* For :math:`f(a, b) = ab + b^2` at :math:`a = 2, b = 3`, work out both partial
#    derivatives by hand, then get them from one ``backward()`` call.
#
# .. dropdown:: Solution
#
#    .. literalinclude:: /../snippets/exercises/autograd_1.py
#       :language: python
#       :lines: 3-
#
#    .. literalinclude:: /../snippets/exercises/autograd_1.out
#       :language: none
#
# 2. *Medium.* Accumulation put to use: a batch too large to process at once is split in
#    two. For a model ``w * x`` with the mean squared error on a batch of four numbers,
#    show that two ``backward()`` calls, one per half, leave in ``w.grad`` the gradient of
#    the whole batch. How must each half's loss be scaled?
#
# .. dropdown:: Solution
#
#    .. literalinclude:: /../snippets/exercises/autograd_2.py
#       :language: python
#       :lines: 3-
#
#    .. literalinclude:: /../snippets/exercises/autograd_2.out
#       :language: none
#
#    Each half's mean must count for half of the batch's mean, so divide it by the number of
#    pieces, here 2. Training loops use this, *gradient accumulation*, to work through a large
#    batch in pieces: ``zero_grad()`` once per batch, ``backward()`` once per piece.
#
# 3. *Harder.* At :math:`x = 3`, the gradient of ``x * x`` is 6. What is the gradient of
#    ``x * x.detach()``, and why?
#
# .. dropdown:: Solution
#
#    .. literalinclude:: /../snippets/exercises/autograd_3.py
#       :language: python
#       :lines: 3-
#
#    .. literalinclude:: /../snippets/exercises/autograd_3.out
#       :language: none
