"""The training examples' reusable definitions and the benchmarks' helpers.

``benchmarks/mnist.py`` reads the CNN recipe out of ``gallery/02-training/03_mnist_cnn.py``
with ``load_definitions``; these tests check that reading, the recipe's pieces on tiny data
(shapes, the data-as-tensors conversion, one training step), and the benchmark tables.
"""

from __future__ import annotations

import importlib.util
import struct
import sys
from pathlib import Path

import pytest
import torch
from helpers import REPO

CNN_EXAMPLE = REPO / "gallery" / "02-training" / "03_mnist_cnn.py"


def import_script(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


bench = import_script("bench_mnist", REPO / "benchmarks" / "mnist.py")
docs_build = import_script("bench_docs_build", REPO / "benchmarks" / "docs_build.py")


@pytest.fixture()
def recipe():
    """A fresh namespace each time: tests may change its constants."""
    torch.manual_seed(0)
    return bench.load_definitions(CNN_EXAMPLE)


def write_fake_mnist(root: Path, train_count: int, test_count: int) -> None:
    """The four IDX files ``datasets.MNIST`` reads, with pixels 0, 1, 2, ... (mod 256)."""
    raw = root / "MNIST" / "raw"
    raw.mkdir(parents=True)
    for prefix, count in (("train", train_count), ("t10k", test_count)):
        pixels = bytes(i % 256 for i in range(count * 28 * 28))
        labels = bytes(i % 10 for i in range(count))
        header = struct.pack(">IIII", 0x803, count, 28, 28)
        (raw / f"{prefix}-images-idx3-ubyte").write_bytes(header + pixels)
        (raw / f"{prefix}-labels-idx1-ubyte").write_bytes(struct.pack(">II", 0x801, count) + labels)


# -- load_definitions -----------------------------------------------------------------------


def test_load_definitions_keeps_definitions_and_skips_the_rest(recipe):
    for name in ("Net", "NoteCNN", "load_mnist_tensors", "augment", "new_model",
                 "make_optimizer", "train_one_epoch", "predict"):  # fmt: skip
        assert callable(recipe[name]), name
    assert isinstance(recipe["BATCH_SIZE"], int)
    assert isinstance(recipe["EPOCHS"], int)
    assert (recipe["MEAN"], recipe["STD"]) == (0.1307, 0.3081)
    # Statements that load data, train or plot are not executed.
    for name in ("model", "train_images", "batch", "predictions"):
        assert name not in recipe


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("EPOCHS = 2", True),
        ("MEAN, STD = 0.1, 0.3", True),
        ("model = Net()", False),
        ("MEAN, std = 0.1, 0.3", False),
        ("x[0] = 1", False),
        ("print(1)", False),
    ],
)
def test_is_constant_assignment(source, expected):
    import ast

    assert bench.is_constant_assignment(ast.parse(source).body[0]) is expected


# -- The recipe's pieces --------------------------------------------------------------------


def test_models_map_a_batch_of_digits_to_ten_logits(recipe):
    batch = torch.zeros(3, 1, 28, 28)
    assert recipe["Net"]()(batch).shape == (3, 10)
    assert recipe["NoteCNN"](padding=1)(batch).shape == (3, 10)
    with pytest.raises(RuntimeError, match="invalid for input of size"):
        recipe["NoteCNN"](padding=0)(torch.zeros(64, 1, 28, 28))


def test_new_model_uses_channels_last_on_the_cpu(recipe):
    model = recipe["new_model"]("cpu")
    weight = model.features[0].weight
    assert weight.is_contiguous(memory_format=torch.channels_last)


def test_load_mnist_tensors_converts_and_normalizes(recipe, tmp_path):
    write_fake_mnist(tmp_path, train_count=5, test_count=3)
    images, labels = recipe["load_mnist_tensors"](tmp_path, train=True)
    assert images.shape == (5, 1, 28, 28)
    assert images.dtype == torch.float32
    assert labels.tolist() == [0, 1, 2, 3, 4]
    mean, std = recipe["MEAN"], recipe["STD"]
    assert images[0, 0, 0, 0].item() == pytest.approx((0 - mean) / std)
    assert images[0, 0, 0, 1].item() == pytest.approx((1 / 255 - mean) / std)
    test_images, test_labels = recipe["load_mnist_tensors"](tmp_path, train=False)
    assert test_images.shape == (3, 1, 28, 28) and test_labels.shape == (3,)


def test_augment_keeps_the_shape_and_is_the_identity_without_movement(recipe):
    images = torch.randn(4, 1, 28, 28)
    moved = recipe["augment"](images)
    assert moved.shape == images.shape and moved.dtype == images.dtype
    assert not torch.allclose(moved, images)
    recipe.update(MAX_SHIFT=0.0, MAX_ROTATION=0.0, MAX_ZOOM=0.0)
    assert torch.allclose(recipe["augment"](images), images, atol=1e-5)


def test_one_epoch_on_tiny_data_updates_the_model(recipe):
    recipe["BATCH_SIZE"] = 8
    images, labels = torch.randn(20, 1, 28, 28), torch.arange(20) % 10
    model = recipe["new_model"]("cpu")
    before = [p.detach().clone() for p in model.parameters()]
    optimizer, scheduler = recipe["make_optimizer"](model, epochs=1, steps_per_epoch=2)
    losses = recipe["train_one_epoch"](model, optimizer, scheduler, images, labels)
    assert losses.shape == (2,)  # 20 images, batches of 8, the last incomplete one dropped
    assert torch.isfinite(losses).all()
    assert any(not torch.equal(a, b) for a, b in zip(before, model.parameters(), strict=True))
    predictions = recipe["predict"](model, images, batch_size=7)
    assert predictions.shape == (20,) and predictions.dtype == torch.int64
    assert not model.training


def test_note_mlp_shape():
    assert bench.note_mlp()(torch.zeros(2, 1, 28, 28)).shape == (2, 10)


# -- The tables -----------------------------------------------------------------------------


def result(recipe, train_s, accuracy=0.99, gpu=None):
    return {"recipe": recipe, "epochs": 2, "batch": 20_000, "train_s": train_s,
            "accuracy": accuracy, "peak_rss_mb": 1234.5, "peak_gpu_mb": gpu}  # fmt: skip


def test_format_table_gives_times_relative_to_the_note_cnn():
    table = bench.format_table([result("site", 15.0), result("note-cnn", 50.0, 0.9855)])
    lines = table.splitlines()
    assert lines[0].split()[-1] == "note-cnn"
    assert set(lines[1]) == {"-", " "}
    assert lines[2].startswith("site CNN") and lines[2].endswith("0.30")
    assert "98.55 %" in lines[3] and lines[3].endswith("1.00")
    assert "20,000" in lines[2] and "1,234" in lines[2]
    assert "GPU" not in table
    assert len({len(line) for line in lines}) == 1  # aligned columns


def test_format_table_adds_gpu_memory_and_copes_without_baseline():
    table = bench.format_table([result("site", 15.0, gpu=300.0)])
    assert "peak GPU MB" in table and "300" in table
    assert table.splitlines()[2].endswith("-")


BUILD_LOG = """\
=== sphinx-build html (en) ===
Sphinx-Gallery successfully executed 6 out of 6 files subselected by:

    gallery_conf["filename_pattern"] = '\\.py$'

after excluding 0 files that had previously been run (based on MD5).

=== en: 120.5 s ===

=== sphinx-build html (zh_CN) ===
Sphinx-Gallery successfully executed 0 out of 0 files subselected by:

after excluding 6 files that had previously been run (based on MD5).

=== zh_CN: 30.2 s ===
"""


def test_parse_build_log_reads_times_and_executed_counts():
    report = docs_build.parse_build_log("cold", BUILD_LOG, 155.0)
    assert report.language_s == {"en": 120.5, "zh_CN": 30.2}
    assert report.executed == {"en": 6, "zh_CN": 0}
    assert report.reused == {"en": 0, "zh_CN": 6}
    table = docs_build.format_reports([report]).splitlines()
    assert table[0].split() == ["build", "wall", "s", "en", "s", "en", "executed", "en", "reused",
                                "zh_CN", "s", "zh_CN", "executed", "zh_CN", "reused"]  # fmt: skip
    assert table[2].split() == ["cold", "155.0", "120.5", "6", "0", "30.2", "0", "6"]
