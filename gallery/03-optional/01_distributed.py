"""
.. _gallery_distributed:

Training on several processes
=============================

**What you will learn:** to write a training script for ``DistributedDataParallel``, to give
each process its share of the data with ``DistributedSampler``, to check that the copies of
the model stay identical, and what changes for several GPUs and several machines.

**What you need:** :ref:`gallery_mnist_mlp`.

.. lesson::
   :summary: ``DistributedDataParallel`` with ``torchrun``: how each process gets its share
      of the data and why all of them end with the same weights. Not needed for the rest of
      the course.
   :reason: training on several processes at once. It is optional: nothing else in the
      course depends on it.
   :search: DistributedDataParallel
   :minutes: 25
   :level: advanced
   :budget: 35

This page is optional: no other page builds on it, so read it when one process is no longer
enough for you. With ``DistributedDataParallel`` (DDP), several processes train one model
together: each process holds a full copy of the model, reads its own share of the data, and
after every backward pass the processes average their gradients, so every copy takes the
same step. This page starts two processes with ``torchrun`` and trains on part of MNIST.
"""

# %%
# Where this page ran
# -------------------
# This file is both the page and the program that each process runs. ``torchrun`` sets the
# environment variable ``RANK`` in the processes it starts, so ``IS_WORKER`` tells the two
# roles apart; only the launching process prints the usual line.
import os
import platform
import sys

import torch

torch.manual_seed(0)
device = torch.accelerator.current_accelerator() if torch.accelerator.is_available() else "cpu"
IS_WORKER = "RANK" in os.environ
if not IS_WORKER:
    print(f"device: {device} | torch {torch.__version__} | Python {platform.python_version()}")
# sphinx_gallery_thumbnail_path = "_static/thumbnails/01_distributed.png"

# %%
# The data and the model
# ----------------------
# The launching process loads MNIST the usual way, keeps 8,192 images of the course's training
# part and its 5,000 validation images (the seeded split of :ref:`gallery_data`) as normalized
# tensors, and saves them to one file that every worker reads.
# Importing torchvision takes seconds, and each worker would pay that again; the workers
# import only ``torch``. (On several machines, that file has to be on storage that all of
# them can read.) The model is the multilayer perceptron of :ref:`gallery_mnist_mlp`.
from torch import nn

SUBSET = 8192


def save_subset(path):
    from torch.utils.data import random_split
    from torchvision import datasets  # only the launching process needs torchvision

    root = os.environ.get("PRIMER_DATA", "data")
    mnist = datasets.MNIST(root, train=True, download=True)
    images = mnist.data.unsqueeze(1).float().div_(255).sub_(0.1307).div_(0.3082)
    train_part, validation_part = random_split(
        range(len(mnist)), [55_000, 5_000], generator=torch.Generator().manual_seed(0)
    )
    tensors = {}
    for split, indices in (
        ("train", train_part.indices[:SUBSET]),
        ("val", validation_part.indices),
    ):
        tensors[split] = (images[indices], mnist.targets[indices])
    torch.save(tensors, path)


def make_model():
    return nn.Sequential(nn.Flatten(), nn.Linear(28 * 28, 128), nn.ReLU(), nn.Linear(128, 10))


# %%
# What each process runs
# ----------------------
# ``torchrun`` gives every process five environment variables: ``RANK`` (its number among
# all processes), ``WORLD_SIZE`` (how many there are), ``LOCAL_RANK`` (its number on this
# machine), and ``MASTER_ADDR`` and ``MASTER_PORT``, the address where they meet.
# ``init_process_group`` reads them and connects the processes through a backend: NCCL
# between GPUs (on ROCm builds, AMD's RCCL under the same name), Gloo on CPUs. Then:
#
# * ``DistributedSampler`` splits the dataset between the ranks: each rank gets a different
#   ``1/WORLD_SIZE`` of the indices, shuffled with a shared seed. ``set_epoch`` changes the
#   shuffle from one epoch to the next.
# * Wrapping the model in ``DistributedDataParallel`` copies rank 0's parameters to every
#   rank. To make that visible, each rank here starts from a differently seeded model.
# * During ``backward()`` DDP averages the gradients over all ranks (an *all-reduce*), so
#   every optimizer step is the same on every rank, and the copies stay identical.
#
# At the end each rank sends a summary to rank 0 with ``all_gather_object``, and only rank 0
# prints, so the output comes in order. A ``barrier`` then holds every rank until all have
# arrived, so that no process closes its connections while another still works, and only
# then does each rank call ``destroy_process_group``.
import hashlib

import torch.distributed as dist
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DataLoader, DistributedSampler, TensorDataset


def fingerprint(model):
    """A short hash of all parameter values: equal hashes mean bit-for-bit equal weights."""
    digest = hashlib.sha256()
    for parameter in model.parameters():
        digest.update(parameter.detach().cpu().numpy().tobytes())
    return digest.hexdigest()[:12]


def worker(epochs=2, batch_size=64):
    rank, world_size = int(os.environ["RANK"]), int(os.environ["WORLD_SIZE"])
    local_rank = int(os.environ["LOCAL_RANK"])
    use_nccl = torch.cuda.is_available() and torch.cuda.device_count() >= world_size
    if use_nccl:
        worker_device = torch.device("cuda", local_rank)
        torch.cuda.set_device(worker_device)
    else:
        worker_device = torch.device("cpu")
    dist.init_process_group(backend="nccl" if use_nccl else "gloo")

    data = torch.load(os.environ["MNIST_SUBSET"])  # written by the launching process
    dataset = TensorDataset(*data["train"])
    sampler = DistributedSampler(dataset, shuffle=True, seed=0)
    loader = DataLoader(dataset, batch_size=batch_size, sampler=sampler)

    torch.manual_seed(rank)  # a different model on every rank, on purpose
    model = make_model().to(worker_device)
    before = fingerprint(model)
    model = DistributedDataParallel(model)  # broadcasts rank 0's parameters
    after_wrap = fingerprint(model)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()

    first_indices = []
    for epoch in range(epochs):
        sampler.set_epoch(epoch)
        first_indices.append(list(sampler)[:5])
        for images, labels in loader:
            images, labels = images.to(worker_device), labels.to(worker_device)
            loss = loss_fn(model(images), labels)
            optimizer.zero_grad()
            loss.backward()  # DDP averages the gradients across ranks here
            optimizer.step()

    summary = {
        "rank": rank,
        "backend": dist.get_backend(),
        "device": str(worker_device),
        "indices": sorted(sampler),
        "first": first_indices,
        "steps": len(loader) * epochs,
        "last_loss": loss.item(),
        "before": before,
        "after_wrap": after_wrap,
        "after_training": fingerprint(model),
    }
    gathered = [None] * world_size
    dist.all_gather_object(gathered, summary)

    if rank == 0:
        report(gathered, model.module, data["val"], worker_device)
    dist.barrier()  # every rank waits here until rank 0 has reported
    dist.destroy_process_group()


def report(summaries, model, validation, worker_device):
    first = summaries[0]
    print(f"world_size: {len(summaries)} | backend: {first['backend']}")
    for s in summaries:
        print(
            f"rank {s['rank']} ({s['device']}): {len(s['indices'])} indices, "
            f"{s['steps']} steps | epoch 1: {s['first'][0]} | epoch 2: {s['first'][1]}"
        )
    shares = [set(s["indices"]) for s in summaries]
    print(f"∩: {len(set.intersection(*shares))} | ∪: {len(set.union(*shares))}")
    for key in ("before", "after_wrap", "after_training"):
        print(f"{key:<14}: " + "  ".join(f"rank {s['rank']} {s[key]}" for s in summaries))
    print(
        "last_loss     : " + "  ".join(f"rank {s['rank']} {s['last_loss']:.3f}" for s in summaries)
    )

    images, labels = (t.to(worker_device) for t in validation)
    model.eval()
    with torch.inference_mode():
        accuracy = (model(images).argmax(dim=1) == labels).float().mean().item()
    print(f"val accuracy: {accuracy:.2%}")


# %%
# Launching
# ---------
# ``torchrun`` (also reachable as ``python -m torch.distributed.run``) starts the processes.
# ``--standalone`` runs the meeting point on this machine on a free port, and
# ``--nproc-per-node=2`` starts two processes. This page launches itself: when it runs as a
# normal script, it calls ``torchrun`` on its own file and prints what the processes
# printed; in the processes ``torchrun`` starts, ``IS_WORKER`` is true and ``worker()`` runs.
# The environment variable ``MNIST_SUBSET`` tells the workers where the data file is.
# Sphinx-Gallery, which executes this page when the site is built, does not define
# ``__file__`` but puts the page's path in ``sys.argv[0]``. At home, run the downloaded file
# with ``python 01_distributed.py``: it prepares the data file and starts ``torchrun`` itself.
import subprocess
import tempfile
import time
from pathlib import Path


def launch(processes=2):
    script = Path(globals().get("__file__", sys.argv[0])).resolve()
    if script.suffix != ".py" or script.name.startswith("ipykernel"):
        print("Save this example as a .py file and run it with python: torchrun needs a script.")
        return
    command = [
        sys.executable, "-m", "torch.distributed.run",
        "--standalone", f"--nproc-per-node={processes}", str(script),
    ]  # fmt: skip
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        data_file = Path(folder) / "mnist_subset.pt"
        save_subset(data_file)
        environment = {**os.environ, "MNIST_SUBSET": str(data_file)}
        result = subprocess.run(command, capture_output=True, text=True, env=environment)
    if result.returncode != 0:
        raise RuntimeError(f"torchrun exited with status {result.returncode}:\n{result.stderr}")
    print(result.stdout, end="")
    print(f"time: {time.perf_counter() - started:.1f} s")


if IS_WORKER:
    worker()
else:
    launch()

# %%
# Reading the output
# ------------------
# * Each rank trained on 4,096 of the 8,192 images; no image went to both, and together they
#   covered all of them. The lists are the first indices each rank drew in epochs 1 and 2:
#   they change from one epoch to the next because of ``set_epoch``.
# * The two freshly built models had different weights. Wrapping them in DDP made them equal,
#   and they were still bit-for-bit equal after training, although each rank saw different
#   images and ended with a different loss on its last batch.
# * Each rank made half as many steps as one process would on all 8,192 images, with batches
#   of 64 per rank: 128 images per step in total. When you move a single-process script to
#   N processes, the batch that the optimizer sees grows N times; the learning rate often
#   needs to grow with it.
# * The validation accuracy is that of rank 0's trained copy, which every rank shares. The
#   time at the end counts everything, starting the processes included.
#
# When it starts several processes on one machine, ``torchrun`` sets ``OMP_NUM_THREADS=1`` in
# each of them (unless it is already set), so that they do not compete for the CPU cores.
# On one CPU, the two processes share the same cores, so do not expect a speed-up here: this
# page is about how DDP works, which is the same on one machine and on many.
#
# Several GPUs
# ------------
# On a machine with several GPUs that ``torch.cuda`` drives (NVIDIA, or AMD with a ROCm
# build), start one process per GPU (``--nproc-per-node=gpu`` counts them), and in each
# process select its GPU with ``torch.cuda.set_device(local_rank)`` before building the
# model. The backend is NCCL, which moves the gradients directly between the GPUs.
# ``worker()`` above does exactly this when the machine has at least two GPUs. Save
# checkpoints and print results from rank 0 only, as ``worker()`` does.
#
# Several machines
# ----------------
# Run the same ``torchrun`` command on every machine, with the number of machines and one
# meeting point (the *rendezvous*) that all of them can reach:
#
# .. code-block:: bash
#
#    torchrun --nnodes=2 --nproc-per-node=8 \
#        --rdzv-backend=c10d --rdzv-endpoint=node0.example.com:29400 --rdzv-id=mnist-42 \
#        01_distributed.py
#
# ``torchrun`` then numbers all 16 processes: ``RANK`` runs from 0 to 15 across the two
# machines, ``LOCAL_RANK`` from 0 to 7 on each, and ``WORLD_SIZE`` is 16. The script itself
# does not change: ``DistributedSampler`` reads the rank and world size from the process
# group. With ``--nnodes=1:4`` the job also accepts between one and four machines.

# %%
# Exercises
# ---------
# A ``DistributedSampler`` given ``num_replicas`` and ``rank`` needs no process group, so
# one process can play every rank: no ``torchrun`` is needed for these.
#
# 1. *Easy.* A script trains on 60,000 images in batches of 64. Started unchanged on 2, 4
#    and 8 processes, how many images does one optimizer step use, and how many steps
#    does each rank make per epoch? Which batch size per process keeps 64 images per step
#    on 4 processes? Check with the ``len`` of the sampler and of the ``DataLoader``.
#
# .. dropdown:: Solution
#
#    .. literalinclude:: /../snippets/exercises/distributed_1.py
#       :language: python
#       :lines: 3-
#
#    .. literalinclude:: /../snippets/exercises/distributed_1.out
#       :language: none
#
# 2. *Medium.* With ``shuffle=False``, which indices does each of 3 ranks get from a
#    dataset of 10 images? 10 does not divide by 3: what does the sampler do about it,
#    and what changes with ``drop_last=True``?
#
# .. dropdown:: Solution
#
#    .. literalinclude:: /../snippets/exercises/distributed_2.py
#       :language: python
#       :lines: 3-
#
#    .. literalinclude:: /../snippets/exercises/distributed_2.out
#       :language: none
#
# 3. *Harder.* Print the indices that two ranks draw with ``shuffle=True`` over three
#    epochs, first without calling ``set_epoch``, then calling it. What changes? Each rank
#    shuffles on its own: why do the two ranks never draw the same image?
#
# .. dropdown:: Solution
#
#    .. literalinclude:: /../snippets/exercises/distributed_3.py
#       :language: python
#       :lines: 3-
#
#    .. literalinclude:: /../snippets/exercises/distributed_3.out
#       :language: none
