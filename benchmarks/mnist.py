"""Train the site's MNIST recipe and the study notes' recipes on this machine, side by side.

``python benchmarks/mnist.py`` (or ``nox -s bench``) trains, each in a fresh process so that
peak memory is measured separately:

``site``
    The CNN recipe of ``gallery/02-training/03_mnist_cnn.py``. Its definitions (model, data
    conversion, augmentation, optimizer, training and prediction functions, constants) are
    read from the example itself, so the benchmark always measures what the site runs.
``note-cnn``
    The third note's CNN with its shapes fixed (``padding=1``), trained as the note trains
    it: a DataLoader with ``ToTensor`` and ``Normalize((0.5,), (0.5,))``, batches of 64,
    Adam with its default learning rate, two epochs.
``note-mlp``
    The first note's 784-128-10 perceptron: batches of 20,000, Adam with a learning rate of
    0.001, five epochs.

Every recipe is seeded, runs on the same device (the accelerator when there is one) and is
tested on the 10,000 test images. The table gives the training time (from opening the
dataset to the last optimizer step), the test accuracy, the peak memory (resident set of the
process; on CUDA also the peak of allocated GPU memory), and each recipe's training time
divided by that of ``note-cnn``.

``python benchmarks/mnist.py --recipe NAME`` runs one recipe in this process and prints its
result as JSON. The docs build is measured by ``benchmarks/docs_build.py``.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CNN_EXAMPLE = REPO / "gallery" / "02-training" / "03_mnist_cnn.py"
RECIPES = ("site", "note-cnn", "note-mlp")
BASELINE = "note-cnn"
SEED = 0


# -- Reading the example's definitions ------------------------------------------------------


def is_constant_assignment(node: ast.stmt) -> bool:
    """``NAME = ...`` or ``A, B = ...`` where every target name is in capitals."""
    if not isinstance(node, ast.Assign):
        return False
    names = []
    for target in node.targets:
        elements = target.elts if isinstance(target, ast.Tuple) else [target]
        if not all(isinstance(element, ast.Name) for element in elements):
            return False
        names += [element.id for element in elements]
    return all(name.isupper() for name in names)


def load_definitions(path: Path | str) -> dict:
    """Execute only the imports, functions, classes and constants of a gallery script.

    The script's other statements (loading data, training, plotting) are skipped, so this
    returns in about a second with the names the script defines at its top level.
    """
    path = Path(path)
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    kept = [
        node
        for node in tree.body
        if isinstance(node, ast.Import | ast.ImportFrom | ast.FunctionDef | ast.ClassDef)
        or is_constant_assignment(node)
    ]
    namespace = {"__name__": f"definitions_of_{path.stem}", "__file__": str(path)}
    exec(compile(ast.Module(body=kept, type_ignores=[]), str(path), "exec"), namespace)
    return namespace


# -- The recipes ----------------------------------------------------------------------------


def pick_device():
    import torch

    return torch.accelerator.current_accelerator() if torch.accelerator.is_available() else "cpu"


def synchronize(device) -> None:
    import torch

    if torch.device(device).type != "cpu":
        torch.accelerator.synchronize()


def train_site(root: str, device) -> dict:
    recipe = load_definitions(CNN_EXAMPLE)
    started = time.perf_counter()
    images, labels = recipe["load_mnist_tensors"](root, train=True, device=device)
    model = recipe["new_model"](device)
    epochs, batch_size = recipe["EPOCHS"], recipe["BATCH_SIZE"]
    optimizer, scheduler = recipe["make_optimizer"](model, epochs, len(images) // batch_size)
    for _ in range(epochs):
        recipe["train_one_epoch"](model, optimizer, scheduler, images, labels)
    synchronize(device)
    train_s = time.perf_counter() - started

    test_images, test_labels = recipe["load_mnist_tensors"](root, train=False, device=device)
    accuracy = (recipe["predict"](model, test_images) == test_labels).float().mean().item()
    return {"epochs": epochs, "batch": batch_size, "train_s": train_s, "accuracy": accuracy}


def note_loaders(root: str, batch_size: int):
    """The notes' pipeline: a per-image transform and a shuffling DataLoader."""
    from torch.utils.data import DataLoader
    from torchvision import datasets, transforms

    transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.5,), (0.5,))])
    train_set = datasets.MNIST(root, train=True, download=True, transform=transform)
    test_set = datasets.MNIST(root, train=False, download=True, transform=transform)
    return (
        DataLoader(train_set, batch_size=batch_size, shuffle=True),
        DataLoader(test_set, batch_size=batch_size),
    )


def train_with_loader(model, optimizer, loader, epochs: int, device) -> None:
    """The notes' loop: forward, loss, zero_grad, backward, step, batch after batch."""
    import torch

    loss_fn = torch.nn.CrossEntropyLoss()
    model.train()
    for _ in range(epochs):
        for images, labels in loader:
            images, labels = images.to(device), labels.to(device)
            loss = loss_fn(model(images), labels)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()


def loader_accuracy(model, loader, device) -> float:
    import torch

    model.eval()
    correct = 0
    with torch.no_grad():
        for images, labels in loader:
            correct += (model(images.to(device)).argmax(1) == labels.to(device)).sum().item()
    return correct / len(loader.dataset)


def train_note_cnn(root: str, device) -> dict:
    import torch

    epochs, batch_size = 2, 64
    note_cnn = load_definitions(CNN_EXAMPLE)["NoteCNN"]
    started = time.perf_counter()
    train_loader, test_loader = note_loaders(root, batch_size)
    model = note_cnn(padding=1).to(device)
    optimizer = torch.optim.Adam(model.parameters())
    train_with_loader(model, optimizer, train_loader, epochs, device)
    synchronize(device)
    train_s = time.perf_counter() - started
    accuracy = loader_accuracy(model, test_loader, device)
    return {"epochs": epochs, "batch": batch_size, "train_s": train_s, "accuracy": accuracy}


def note_mlp():
    from torch import nn

    return nn.Sequential(nn.Flatten(), nn.Linear(28 * 28, 128), nn.ReLU(), nn.Linear(128, 10))


def train_note_mlp(root: str, device) -> dict:
    import torch

    epochs, batch_size = 5, 20_000
    started = time.perf_counter()
    train_loader, test_loader = note_loaders(root, batch_size)
    model = note_mlp().to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    train_with_loader(model, optimizer, train_loader, epochs, device)
    synchronize(device)
    train_s = time.perf_counter() - started
    accuracy = loader_accuracy(model, test_loader, device)
    return {"epochs": epochs, "batch": batch_size, "train_s": train_s, "accuracy": accuracy}


TRAINERS = {"site": train_site, "note-cnn": train_note_cnn, "note-mlp": train_note_mlp}
LABELS = {
    "site": "site CNN (03_mnist_cnn.py)",
    "note-cnn": "note 002 CNN, shapes fixed",
    "note-mlp": "note 000 MLP",
}


def peak_rss_mb() -> float:
    """Peak resident set size of this process: kilobytes on Linux, bytes on macOS."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10


def run_recipe(name: str) -> dict:
    """Train one recipe in this process and return its measurements."""
    import torch

    torch.manual_seed(SEED)
    device = pick_device()
    root = os.environ.get("PRIMER_DATA", str(REPO / "data"))
    result = {"recipe": name, "device": str(device), **TRAINERS[name](root, device)}
    result["peak_rss_mb"] = peak_rss_mb()
    result["peak_gpu_mb"] = (
        torch.cuda.max_memory_allocated() / 2**20 if torch.device(device).type == "cuda" else None
    )
    return result


def run_in_fresh_process(name: str) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--recipe", name]
    completed = subprocess.run(command, capture_output=True, text=True)
    if completed.returncode != 0:
        sys.stderr.write(completed.stdout + completed.stderr)
        raise SystemExit(f"recipe {name} failed with exit status {completed.returncode}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


# -- The table ------------------------------------------------------------------------------


def format_table(results: list[dict], baseline: str = BASELINE) -> str:
    """A plain-text table, one row per recipe, with times relative to ``baseline``."""
    base = next((r["train_s"] for r in results if r["recipe"] == baseline), None)
    gpu = any(r.get("peak_gpu_mb") is not None for r in results)
    header = ["recipe", "epochs", "batch", "train s", "test acc", "peak RSS MB"]
    header += ["peak GPU MB"] if gpu else []
    header += [f"time / {baseline}"]
    rows = [header]
    for r in results:
        row = [
            LABELS.get(r["recipe"], r["recipe"]),
            str(r["epochs"]),
            f"{r['batch']:,}",
            f"{r['train_s']:.1f}",
            f"{100 * r['accuracy']:.2f} %",
            f"{r['peak_rss_mb']:,.0f}",
        ]
        if gpu:
            row.append("-" if r.get("peak_gpu_mb") is None else f"{r['peak_gpu_mb']:,.0f}")
        row.append("-" if not base else f"{r['train_s'] / base:.2f}")
        rows.append(row)
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]

    def line(row):
        cells = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
        ]
        return "  ".join(cells)

    return "\n".join([line(header), "  ".join("-" * w for w in widths), *map(line, rows[1:])])


def describe_machine() -> str:
    import torch

    device = pick_device()
    name = torch.cuda.get_device_name() if torch.device(device).type == "cuda" else None
    return (
        f"device: {device}{f' ({name})' if name else ''} | {os.cpu_count()} CPU cores | "
        f"{torch.get_num_threads()} threads | torch {torch.__version__} | "
        f"Python {platform.python_version()}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipe", choices=RECIPES, help="run one recipe here, print JSON")
    parser.add_argument(
        "--only", nargs="+", choices=RECIPES, default=list(RECIPES), help="recipes to compare"
    )
    args = parser.parse_args(argv)
    if args.recipe:
        print(json.dumps(run_recipe(args.recipe)))
        return 0
    print(describe_machine(), flush=True)
    results = []
    for name in args.only:
        print(f"training {name} ...", flush=True)
        results.append(run_in_fresh_process(name))
    print()
    print(format_table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
