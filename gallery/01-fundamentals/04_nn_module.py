"""
.. _gallery_nn_module:

Neural networks with nn.Module
==============================

``torch.nn`` provides layers, and ``nn.Module`` is the class every model is built from.

**What you will learn:** write a model as a class with ``__init__`` and ``forward``, follow
a tensor's shape through it, count its :term:`parameters <parameter>`, write the same model
as ``nn.Sequential``, and run a :term:`forward pass`.

**What you need:** :ref:`gallery_tensors`, :ref:`gallery_autograd` and
:ref:`gallery_devices`.

.. lesson::
   :summary: Build LeNet as a class and as ``nn.Sequential``, follow the shapes through it,
      count its parameters, run a forward pass.
   :reason: where tensors become layers and models.
   :search: neural network
   :minutes: 30
   :level: beginner
   :budget: 2
"""

# %%
# Where this page ran
# -------------------
import platform

import torch

torch.manual_seed(0)
device = torch.accelerator.current_accelerator() if torch.accelerator.is_available() else "cpu"
print(f"device: {device} | torch {torch.__version__} | Python {platform.python_version()}")
# sphinx_gallery_thumbnail_path = "_static/thumbnails/04_nn_module.png"

# %%
# A model is a class
# ------------------
# LeNet is a small :term:`convolutional neural network` for 32×32 grey images. A model subclasses
# ``nn.Module``: ``__init__`` creates the layers, which hold their :term:`weights <weight>` and
# :term:`biases <bias>`, and ``forward`` says how an input flows through them. There is no
# ``backward`` to write: :term:`autograd` records ``forward`` as it runs.
#
# * ``nn.Conv2d(1, 6, 5)``: 1 input channel, 6 output channels, 5×5 kernels
#   (:term:`convolution`).
# * ``F.max_pool2d(..., 2)``: keep the largest value of each 2×2 window, halving height and
#   width (:term:`pooling`).
# * ``nn.Linear(400, 120)``: a fully connected layer, ``x @ W.T + b`` with ``W`` of shape
#   ``(120, 400)``.
# * ``F.relu``: the :term:`activation function` :math:`\max(0, x)`, applied elementwise.
#
# Between the last pooling and the first linear layer, each image's ``16 × 5 × 5`` feature
# maps are flattened into 400 numbers. The classic LeNet code does it with a helper,
# ``num_flat_features``, that multiplies the sizes of all dimensions except the first (the
# batch).
import torch.nn.functional as F
from torch import nn


class LeNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = x.view(-1, self.num_flat_features(x))
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)

    @staticmethod
    def num_flat_features(x):
        count = 1
        for size in x.shape[1:]:  # every dimension except the batch
            count *= size
        return count


net = LeNet().to(device)
print(net)

# %%
# ``print`` lists the layers registered in ``__init__``, in the order they were assigned.
# ``F.relu`` and ``F.max_pool2d`` are plain functions without parameters, so they appear
# only in ``forward``, not in the list.
#
# Following the shapes
# --------------------
# Shapes are ``(batch, channels, height, width)``. A 5×5 kernel without padding removes
# 2 pixels from each border (32 → 28, 14 → 10), and each pooling halves the size. Running
# the layers one at a time on one random image shows every step:
image = torch.randn(1, 1, 32, 32, device=device)
x = image
print(f"{'input':>15}: {tuple(x.shape)}")
steps = [
    ("conv1 + relu", lambda t: F.relu(net.conv1(t))),
    ("max_pool2d", lambda t: F.max_pool2d(t, 2)),
    ("conv2 + relu", lambda t: F.relu(net.conv2(t))),
    ("max_pool2d", lambda t: F.max_pool2d(t, 2)),
    ("flatten", lambda t: torch.flatten(t, 1)),
    ("fc1 + relu", lambda t: F.relu(net.fc1(t))),
    ("fc2 + relu", lambda t: F.relu(net.fc2(t))),
    ("fc3", net.fc3),
]
for name, step in steps:
    x = step(x)
    print(f"{name:>15}: {tuple(x.shape)}")

# %%
# ``torch.flatten`` instead of ``num_flat_features``
# --------------------------------------------------
# ``torch.flatten(x, 1)`` flattens every dimension from dimension 1 on and keeps the batch
# dimension as it is, which is exactly what the helper computes, in one call. A subclass
# that only changes ``forward`` has the same parameters, so it can load LeNet's weights
# with ``load_state_dict`` (the :term:`state_dict` maps each parameter's name to its
# tensor) and must then give the same output:


class LeNetFlatten(LeNet):
    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)


net_flat = LeNetFlatten().to(device)
net_flat.load_state_dict(net.state_dict())

batch = torch.randn(4, 1, 32, 32, device=device)
print(torch.equal(net(batch), net_flat(batch)))

# %%
# Counting parameters
# -------------------
# ``parameters()`` yields every learnable tensor of the model and of its submodules;
# ``named_parameters()`` adds their names. Each convolution has
# ``out_channels × in_channels × 5 × 5`` weights plus one bias per output channel, each
# linear layer ``out × in`` weights plus ``out`` biases.
for name, p in net.named_parameters():
    print(f"{name:>12}: {str(tuple(p.shape)):>16} {p.numel():>7}")
total = sum(p.numel() for p in net.parameters())
print(f"{'total':>12}: {total:>24}")

# %%
# Almost 80% of the 61,706 parameters sit in ``fc1``, the layer that connects all 400
# features to 120 units.
#
# The same model as ``nn.Sequential``
# -----------------------------------
# When data simply flows through the layers in order, ``nn.Sequential`` saves writing
# ``forward``. The functions become modules: ``nn.ReLU``, ``nn.MaxPool2d`` and
# ``nn.Flatten`` (which, like ``torch.flatten(x, 1)``, keeps the batch dimension).
sequential = nn.Sequential(
    nn.Conv2d(1, 6, 5),
    nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Conv2d(6, 16, 5),
    nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Flatten(),
    nn.Linear(16 * 5 * 5, 120),
    nn.ReLU(),
    nn.Linear(120, 84),
    nn.ReLU(),
    nn.Linear(84, 10),
).to(device)
print(sequential)

# %%
# Its parameters are named by position (``0.weight``, ``3.bias``, ...), so LeNet's
# ``state_dict`` does not fit it by name. The parameters come in the same order, though,
# so copy them pairwise, under ``torch.no_grad()`` because this is not a computation to
# differentiate. The two models then agree:
with torch.no_grad():
    for target, source in zip(sequential.parameters(), net.parameters(), strict=True):
        target.copy_(source)
print(sum(p.numel() for p in sequential.parameters()))
print(torch.equal(sequential(batch), net(batch)))

# %%
# A forward pass
# --------------
# Calling the model, ``net(batch)``, runs ``forward`` (always call the model, not
# ``forward`` directly: the call also runs PyTorch's hooks). The output has one row per
# image and one column per class. These ten numbers per image are raw scores,
# :term:`logits`, not probabilities; :ref:`gallery_loss_optim` turns them into a loss.
output = net(batch)
print(output.shape)
print(output[0])
print(output.requires_grad, output.grad_fn.name())

# %%
# A flattening size that does not match the image size is a classic source of wrong
# results: see :ref:`Common mistakes <gallery_common_mistakes>`. ``super().__init__()`` is the
# modern spelling of ``super(LeNet, self).__init__()``, which older code uses.

# %%
# Exercises
# ---------
#
# 1. *Easy.* Write an ``nn.Module`` class that flattens a ``(1, 28, 28)`` image and
#    passes it through a linear layer of 128 units, a ReLU and a linear layer of 10
#    outputs. Check the output shape for a batch of 32 images, and count its parameters
#    by hand, then with ``numel``.
#
# .. dropdown:: Solution
#
#    .. literalinclude:: /../snippets/exercises/nn_module_1.py
#       :language: python
#       :lines: 3-
#
#    .. literalinclude:: /../snippets/exercises/nn_module_1.out
#       :language: none
#
# 2. *Medium.* Predict the output shape of ``nn.Conv2d(1, 8, kernel_size=3, padding=1)``
#    on a ``(1, 1, 28, 28)`` batch, and after an ``nn.MaxPool2d(2)``; then check.
#
# .. dropdown:: Solution
#
#    .. literalinclude:: /../snippets/exercises/nn_module_2.py
#       :language: python
#       :lines: 3-
#
#    .. literalinclude:: /../snippets/exercises/nn_module_2.out
#       :language: none
#
# 3. *Harder.* LeNet was made for 32×32 images; MNIST's are 28×28. Follow the shapes of
#    a 28×28 image through LeNet's convolutions and poolings: which layer fails, and how
#    many input features must ``fc1`` have instead of 400? Check with a dummy image.
#
# .. dropdown:: Solution
#
#    .. literalinclude:: /../snippets/exercises/nn_module_3.py
#       :language: python
#       :lines: 3-
#
#    .. literalinclude:: /../snippets/exercises/nn_module_3.out
#       :language: none
