"""
.. _gallery_checkpoint:

Save, load, checkpoint and resume
=================================

**What you will learn:**

* to save a trained model's ``state_dict`` and load it into a new model;
* to write a full checkpoint (model, optimizer, scheduler, epoch and random-number state)
  and resume an interrupted training run exactly where it stopped;
* why ``torch.load(..., weights_only=True)`` is the safe way to read a file, and what
  ``map_location`` does;
* to run a loaded model for inference with ``model.eval()`` and ``torch.inference_mode()``.

**What you need:** :ref:`gallery_faster_better`.

.. lesson::
   :summary: ``state_dict``, a full checkpoint, a run interrupted and resumed on the same
      curve, and inference with ``eval()``.
   :reason: to save a model, load it safely, and resume a training run that was interrupted.
   :search: save model; load model
   :minutes: 20
   :level: intermediate
   :budget: 8

   1. Three training-loss curves over four epochs: the uninterrupted run (uninterrupted),
      the run resumed from a full checkpoint after epoch two (resumed), which lies on top of
      it, and the run resumed from the weights alone (weights_only_resume), which leaves it
      at the interruption.

Training takes time, and a run can stop before it is done: a laptop goes to sleep, a shared
machine ends a job, a power cut. A run that saves its state regularly loses only the part
since the last save. To keep this page quick, it trains a small network on a few thousand
images for a few epochs; the same code serves a real run.
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
# A small training run
# --------------------
# 4,096 training images, prepared with ``transforms.v2`` as on the previous pages, go into a
# ``DataLoader`` that shuffles them with its own seeded ``torch.Generator``. The model is a
# single convolution layer with dropout, trained with ``AdamW`` and a ``OneCycleLR``
# schedule. Each of these holds state that changes during training: the weights, the
# optimizer's running averages, the scheduler's step count, and two random-number
# generators, the global one that dropout draws from and the loader's, which sets each
# epoch's order. ``new_run`` builds all of them from scratch.
import os

import torch.nn.functional as F
from torch import nn
from torch.utils.data import DataLoader, TensorDataset
from torchvision import datasets
from torchvision.transforms import v2

root = os.environ.get("PRIMER_DATA", "data")
to_model_input = v2.Compose(
    [v2.ToDtype(torch.float32, scale=True), v2.Normalize((0.1307,), (0.3082,))]
)
mnist = datasets.MNIST(root, train=True, download=True)
dataset = TensorDataset(to_model_input(mnist.data[:4096].unsqueeze(1)), mnist.targets[:4096])

EPOCHS, BATCH_SIZE, MAX_LR = 4, 128, 0.01


def new_model():
    return nn.Sequential(
        nn.Conv2d(1, 8, kernel_size=3, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Dropout(0.25),
        nn.Linear(8 * 14 * 14, 10),
    ).to(device)


def new_run(seed=0, shuffle_seed=None):
    """A fresh model, optimizer, scheduler and loader; the loader shuffles with shuffle_seed
    (by default the same seed as the rest)."""
    torch.manual_seed(seed)
    model = new_model()
    optimizer = torch.optim.AdamW(model.parameters(), lr=MAX_LR)
    loader_generator = torch.Generator().manual_seed(seed if shuffle_seed is None else shuffle_seed)
    loader = DataLoader(dataset, BATCH_SIZE, shuffle=True, generator=loader_generator)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(
        optimizer, max_lr=MAX_LR, total_steps=EPOCHS * len(loader)
    )
    return model, optimizer, scheduler, loader


def train_epoch(model, optimizer, scheduler, loader):
    """One epoch; returns the loss of every step."""
    model.train()
    losses = []
    for images, labels in loader:
        loss = F.cross_entropy(model(images.to(device)), labels.to(device))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        scheduler.step()
        losses.append(loss.detach())
    return torch.stack(losses).cpu()


# %%
# The uninterrupted run
# ---------------------
# Four epochs in one go: the curve the interrupted run has to match.
model, optimizer, scheduler, loader = new_run()
uninterrupted = torch.cat([train_epoch(model, optimizer, scheduler, loader) for _ in range(EPOCHS)])
print(f"len(uninterrupted): {len(uninterrupted)} | uninterrupted[-1]: {uninterrupted[-1]:.4f}")

# %%
# Saving and loading the weights
# ------------------------------
# ``model.state_dict()`` is a dictionary from parameter names to tensors: the learned
# numbers and nothing else (with batch normalization, its running statistics too). To use
# the model later, save that dictionary, build the same architecture again, and load the
# numbers into it. The files go into a temporary folder here; at home, choose a path you
# keep.
import tempfile
from pathlib import Path

workdir = tempfile.TemporaryDirectory()  # removed when the script ends
folder = Path(workdir.name)
print(list(model.state_dict()))

torch.save(model.state_dict(), folder / "weights.pt")
loaded = new_model()
loaded.load_state_dict(torch.load(folder / "weights.pt", weights_only=True, map_location=device))
same = all(torch.equal(a, b) for a, b in zip(model.parameters(), loaded.parameters(), strict=True))
print("same:", same)

# %%
# Why ``weights_only=True``
# -------------------------
# ``torch.save`` writes Python's *pickle* format. Unpickling a file can create any object and
# call any function named in it, so loading a file from someone else could run their code on
# your machine. With ``weights_only=True`` (the default since PyTorch 2.6, written out here
# so that it is plain to see), ``torch.load`` reads only tensors, numbers, strings, and lists,
# tuples and dictionaries of them, and refuses anything else. A checkpoint that holds an
# object of your own class is refused too:
import pickle
from dataclasses import dataclass


@dataclass
class Settings:
    epochs: int
    batch_size: int


torch.save({"settings": Settings(EPOCHS, BATCH_SIZE)}, folder / "settings.pt")
try:
    torch.load(folder / "settings.pt", weights_only=True)
except pickle.UnpicklingError as err:
    reason = [line.strip() for line in str(err).splitlines() if "Unsupported global" in line]
    print(f"Expected error: {type(err).__name__}: {(reason or [str(err)])[0].split('. ')[0]}")

# %%
# Save such settings as plain values (``dataclasses.asdict(settings)``) instead. For a class
# you trust, ``torch.serialization.add_safe_globals([Settings])`` allows it; load with
# ``weights_only=False`` only files you made yourself or fully trust. Saving the whole model
# with ``torch.save(model)`` runs into the same refusal:
# :ref:`the common mistakes page <mistake_save_whole_model>` shows it.
#
# ``map_location``
# ----------------
# Tensors remember the device they were saved from. ``map_location`` puts them somewhere
# else while loading, so a checkpoint written on a GPU also loads on a machine without one.
# Above, ``map_location=device`` put the weights on this build's device; here they go to the
# CPU:
on_cpu = torch.load(folder / "weights.pt", weights_only=True, map_location="cpu")
print({name: str(tensor.device) for name, tensor in on_cpu.items()})

# %%
# A full checkpoint
# -----------------
# To *continue* training, the weights are not enough. The optimizer's running averages and
# the scheduler's position in its cycle are part of the training state, and so are the
# random-number generators: without them, dropout and the loader's shuffling would draw
# different numbers than the uninterrupted run did. ``checkpoint`` gathers everything into
# one dictionary of tensors and plain values, which ``weights_only=True`` reads. On an
# accelerator, its random-number state is saved as well.
#
# Save one at the end of every epoch (or every few minutes when epochs are long).
# ``save_atomically`` writes to a temporary name first and then renames the file over the
# previous checkpoint with ``Path.replace``, in one step, so a crash while writing never
# leaves a half-written file as the only copy.


def checkpoint(model, optimizer, scheduler, loader, epoch):
    state = {
        "model": model.state_dict(),
        "optimizer": optimizer.state_dict(),
        "scheduler": scheduler.state_dict(),
        "epoch": epoch,
        "rng": {"torch": torch.get_rng_state(), "loader": loader.generator.get_state()},
    }
    if torch.accelerator.is_available():
        state["rng"]["device"] = torch.get_device_module(device).get_rng_state()
    return state


def restore(state, model, optimizer, scheduler, loader):
    """Put a checkpoint back into freshly built objects; returns the epoch to continue from."""
    model.load_state_dict(state["model"])
    optimizer.load_state_dict(state["optimizer"])
    scheduler.load_state_dict(state["scheduler"])
    torch.set_rng_state(state["rng"]["torch"])
    loader.generator.set_state(state["rng"]["loader"])
    if torch.accelerator.is_available():
        torch.get_device_module(device).set_rng_state(state["rng"]["device"])
    return state["epoch"]


def save_atomically(state, path):
    partial = path.with_suffix(".partial")
    torch.save(state, partial)
    partial.replace(path)


# %%
# Interrupted after two epochs, resumed for two more
# --------------------------------------------------
# The run below trains for two epochs, saves a checkpoint, and then "stops": every object is
# deleted. A new process would start here, with different random numbers (the seed of 1 plays
# that part), build everything again, load the checkpoint, and train the remaining epochs.
# For comparison, a second resumed run loads only the model weights and starts its optimizer,
# scheduler and random numbers afresh, as a run that saved only ``model.state_dict()`` would
# have to.
INTERRUPT_AFTER = 2

model, optimizer, scheduler, loader = new_run()
first_part = [train_epoch(model, optimizer, scheduler, loader) for _ in range(INTERRUPT_AFTER)]
save_atomically(
    checkpoint(model, optimizer, scheduler, loader, INTERRUPT_AFTER), folder / "ckpt.pt"
)
del model, optimizer, scheduler, loader


def resume(full):
    """Rebuild everything, load the checkpoint (all of it, or only the weights), finish."""
    model, optimizer, scheduler, loader = new_run(seed=1)
    state = torch.load(folder / "ckpt.pt", weights_only=True, map_location=device)
    if full:
        start = restore(state, model, optimizer, scheduler, loader)
    else:
        model.load_state_dict(state["model"])
        start = state["epoch"]
    return [train_epoch(model, optimizer, scheduler, loader) for _ in range(start, EPOCHS)]


resumed = torch.cat(first_part + resume(full=True))
weights_only_resume = torch.cat(first_part + resume(full=False))

# On a CPU both runs compute the same numbers; an accelerator may add in a different order.
torch.testing.assert_close(resumed, uninterrupted, rtol=0, atol=1e-3)

# %%
# How far is each resumed run from the uninterrupted one? A step's loss depends on which
# images its batch holds, so two runs that see the same images in another order differ at
# every step without either being worse. The yardstick is therefore a fourth run,
# uninterrupted, whose loader shuffles with another seed. For each run, the largest
# difference from the uninterrupted run's step losses after the interruption
# (``max |Δ|``), and the mean loss of its last epoch (``mean``). The rows are named after
# the runs' variables: ``other_order`` is the run with the other shuffle seed.
steps_per_epoch = len(first_part[0])
after_interruption = slice(INTERRUPT_AFTER * steps_per_epoch, None)
model, optimizer, scheduler, loader = new_run(shuffle_seed=1)
other_order = torch.cat([train_epoch(model, optimizer, scheduler, loader) for _ in range(EPOCHS)])

runs = {
    "uninterrupted": uninterrupted,
    "resumed": resumed,
    "weights_only_resume": weights_only_resume,
    "other_order": other_order,
}
print(f"{'':<30} {'max |Δ|':>10}  {'mean':>10}")
for name, losses in runs.items():
    largest = (losses - uninterrupted)[after_interruption].abs().max()
    print(f"{name:<30} {largest:>10.2e}  {losses[-steps_per_epoch:].mean():>10.4f}")

# %%
# The full checkpoint reproduces the uninterrupted run. The run in another order shows what
# chance alone does: its steps differ by up to the amount in its row, yet its last epoch ends
# close to the uninterrupted one. The weights-only resume differs by more than that, and its
# last epoch's mean loss is higher than those of both uninterrupted runs: beyond a new order
# of batches, it restarted its schedule and lost the optimizer's running averages, and
# either can cost it.
#
# The three loss curves, step by step. The run resumed from the full checkpoint lies on top
# of the uninterrupted one. The run resumed from the weights alone leaves it at the
# interruption: its new one-cycle schedule starts over with a low learning rate that rises
# again, and its batches come in a different order.
import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(3.6, 3.8), layout="constrained")
ax.plot(uninterrupted, color="0.6", linewidth=3, label="uninterrupted")
ax.plot(resumed, color="tab:blue", linewidth=1, label="resumed")
ax.plot(
    weights_only_resume, color="tab:red", linewidth=1, linestyle=":", label="weights_only_resume"
)
ax.axvline(INTERRUPT_AFTER * steps_per_epoch, color="0.3", linestyle="--", linewidth=1)
ax.set_xlabel("step")
ax.set_ylabel("loss")
fig.legend(loc="outside lower center")
plt.show()

# %%
# Inference
# ---------
# A loaded model that is only used to predict needs two switches. ``model.eval()`` puts
# layers that behave differently in training into evaluation mode: dropout stops dropping,
# and batch normalization uses the statistics it collected instead of the current batch's.
# ``torch.inference_mode()`` turns off autograd, so no graph is recorded and the outputs use
# less memory. A model takes a batch, so ``unsqueeze(0)`` makes one image of shape
# ``(1, 28, 28)`` a batch of one. Image 5,000 of the training split is not among the 4,096
# the model was trained on.
image = to_model_input(mnist.data[5000].unsqueeze(0)).unsqueeze(0).to(device)

loaded.train()
with torch.inference_mode():
    print("train():", torch.equal(loaded(image), loaded(image)))
loaded.eval()
with torch.inference_mode():
    print("eval(): ", torch.equal(loaded(image), loaded(image)))
    probabilities = loaded(image).softmax(dim=1)[0]
print("requires_grad:", probabilities.requires_grad)
true_digit = mnist.targets[5000].item()
prediction = probabilities.argmax().item()
print(f"argmax: {prediction} | max: {probabilities.max():.2f} | true_digit: {true_digit}")

# %%
# Exercises
# ---------
#
# 1. *Easy.* Save a small model's ``state_dict`` into an ``io.BytesIO`` instead of a
#    file, load it into a freshly built model, and check that the weights are
#    equal (and that they were not before).
#
# .. dropdown:: Solution
#
#    .. literalinclude:: /../snippets/exercises/checkpoint_1.py
#       :language: python
#       :lines: 3-
#
#    .. literalinclude:: /../snippets/exercises/checkpoint_1.out
#       :language: none
#
# 2. *Medium.* Train a ``nn.Linear`` with ``AdamW`` for three steps, save the model's and
#    the optimizer's ``state_dict``, and load both into new objects. What does
#    the optimizer keep for each parameter? Do the original and the copy take
#    the same next step?
#
# .. dropdown:: Solution
#
#    .. literalinclude:: /../snippets/exercises/checkpoint_2.py
#       :language: python
#       :lines: 3-
#
#    .. literalinclude:: /../snippets/exercises/checkpoint_2.out
#       :language: none
#
# 3. *Medium.* Why does the full checkpoint hold ``torch.get_rng_state()``? Show that
#    ``nn.Dropout`` draws the same mask again once that state is restored.
#
# .. dropdown:: Solution
#
#    .. literalinclude:: /../snippets/exercises/checkpoint_3.py
#       :language: python
#       :lines: 3-
#
#    .. literalinclude:: /../snippets/exercises/checkpoint_3.out
#       :language: none
#
# 4. *Harder.* A checkpoint can also keep the best model seen so far, judged on
#    validation data. Fit :math:`y = \sin 3x` plus noise from only 20 points with an MLP
#    of two hidden layers of 64 units, for 400 steps of Adam. Every 50 steps, compute the
#    loss on 100 held-out points and save the ``state_dict`` whenever it is the best so
#    far. At the end, load the kept one: from which step is it, and why not the last?
#
# .. dropdown:: Solution
#
#    .. literalinclude:: /../snippets/exercises/checkpoint_4.py
#       :language: python
#       :lines: 3-
#
#    .. literalinclude:: /../snippets/exercises/checkpoint_4.out
#       :language: none
#
#    The validation loss falls, then rises again while the training continues: with so
#    few points, the model starts to fit their noise (it overfits). The kept checkpoint
#    is the one from before that, chosen on the held-out points; the test set, if there
#    is one, still plays no part in the choice.
