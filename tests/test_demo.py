"""The digit demo's export (primer.build.demo): what a lesson's hidden cell writes for the
browser, checked against torch with an independent NumPy forward pass; what it refuses; and
that the build's files travel as the lesson's own while the downloads leave them out.

The browser's side (the same files run in Chromium) is in tests/test_browser.py.
"""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
import torch
from helpers.project import DOCS
from numpy.lib.stride_tricks import sliding_window_view
from torch import nn
from torchvision.transforms import v2

from primer.build import demo
from primer.build.examples import generated_files

STEM = "07_my_digits"


def small_network():
    """Every kind of layer the browser runs: 28×28 → 14×14 (strided) → 7×7 (pooled)."""
    torch.manual_seed(0)
    features = [nn.Conv2d(1, 3, 5, stride=2, padding=2), nn.ReLU(), nn.MaxPool2d(2)]
    return nn.Sequential(*features, nn.Conv2d(3, 4, 3, padding=1), nn.Flatten(), nn.Linear(196, 10))


TRANSFORM = v2.Compose([v2.ToDtype(torch.float32, scale=True), v2.Normalize((0.2,), (0.4,))])


@pytest.fixture
def lesson(tmp_path, monkeypatch):
    """A gallery with one lesson being executed (the working folder is the lesson's, as
    Sphinx-Gallery makes it) and the folder the build writes to."""
    gallery, generated = tmp_path / "gallery", tmp_path / "docs" / "examples"
    (gallery / "02-training").mkdir(parents=True)
    (gallery / "02-training" / f"{STEM}.py").write_text("")
    (generated / "02-training").mkdir(parents=True)
    monkeypatch.setattr(demo, "FOLDERS", (gallery.resolve(), generated.resolve()))
    monkeypatch.chdir(gallery / "02-training")
    return generated / "02-training"


def digits(count: int = 25):
    generator = torch.Generator().manual_seed(1)
    images = torch.randint(0, 256, (count, 28, 28), generator=generator, dtype=torch.uint8)
    return images, torch.arange(count) % 10


def numpy_layer(layer: dict, tensors: dict, x: np.ndarray) -> np.ndarray:
    """One exported layer, in NumPy."""
    kind = layer["type"]
    if kind == "Conv2d":
        k, stride, padding = layer["kernel"], layer["stride"], layer["padding"]
        weight = tensors["weight"].reshape(layer["out_channels"], layer["in_channels"], k, k)
        padded = np.pad(x, ((0, 0), (padding, padding), (padding, padding)))
        windows = sliding_window_view(padded, (k, k), axis=(1, 2))[:, ::stride, ::stride]
        return np.einsum("chwij,ocij->ohw", windows, weight) + tensors["bias"][:, None, None]
    if kind == "MaxPool2d":
        windows = sliding_window_view(x, (layer["kernel"],) * 2, axis=(1, 2))
        return windows[:, :: layer["stride"], :: layer["stride"]].max(axis=(3, 4))
    if kind == "Linear":
        weight = tensors["weight"].reshape(layer["out_features"], layer["in_features"])
        return weight @ x + tensors["bias"]
    return np.maximum(x, 0) if kind == "ReLU" else x.reshape(-1)  # ReLU, Flatten


def numpy_forward(description: dict, floats: np.ndarray, image: np.ndarray) -> np.ndarray:
    """The exported format read without torch and without the browser's code."""
    x = (image.reshape(1, 28, 28) / 255 - description["mean"]) / description["std"]
    for layer in description["layers"]:
        places = layer.get("tensors", {}).items()
        tensors = {name: floats[offset : offset + count] for name, (offset, count) in places}
        x = numpy_layer(layer, tensors, x)
    exps = np.exp(x - x.max())
    return exps / exps.sum()


def test_the_export_holds_the_network_the_digits_and_torchs_probabilities(lesson):
    model = small_network()
    images, labels = digits()
    path = demo.export_demo(model, STEM, images, labels, TRANSFORM)
    assert path == lesson / f"{STEM}.demo.json"
    description = json.loads(path.read_text(encoding="utf-8"))
    floats = np.frombuffer((lesson / description["weights_file"]).read_bytes(), dtype="<f4")
    assert floats.size == sum(p.numel() for p in model.parameters())
    assert (description["mean"], description["std"]) == pytest.approx((0.2, 0.4))
    assert len(description["digits"]) == demo.DIGITS == len(description["labels"])
    assert description["labels"] == labels[: demo.DIGITS].tolist()
    with torch.inference_mode():
        expected = torch.softmax(model(TRANSFORM(images[: demo.DIGITS].unsqueeze(1))), 1)
    assert np.allclose(description["probabilities"], expected.double().numpy(), atol=1e-7)
    for image, probabilities in zip(description["digits"], expected, strict=True):
        found = numpy_forward(description, floats, np.array(image))
        assert np.allclose(found, probabilities.double().numpy(), atol=1e-5)
    assert model.training, "the export must not switch the lesson's model to eval mode"


def test_outside_a_build_the_export_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(demo, "FOLDERS", None)
    monkeypatch.chdir(tmp_path)
    assert demo.export_demo(small_network(), STEM, *digits(), TRANSFORM) is None
    assert not list(tmp_path.iterdir())


def test_a_layer_the_browser_cannot_run_is_named(lesson):
    model = nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2), nn.Flatten(), nn.Linear(1352, 10))
    with pytest.raises(demo.UnsupportedLayer, match=r"BatchNorm2d.*primer-demo\.js"):
        demo.export_demo(model, STEM, *digits(), TRANSFORM)
    dilated = nn.Sequential(nn.Conv2d(1, 2, 3, dilation=2))
    with pytest.raises(demo.UnsupportedLayer, match="dilation=.2, 2."):
        demo.export_demo(dilated, STEM, *digits(), TRANSFORM)
    assert not list(lesson.iterdir())


def test_another_lessons_name_is_refused(lesson):
    with pytest.raises(ValueError, match=re.escape("06_other.py is not the lesson being run")):
        demo.export_demo(small_network(), "06_other", *digits(), TRANSFORM)


def test_a_transform_without_one_normalize_is_refused(lesson):
    with pytest.raises(ValueError, match="exactly one one-channel Normalize"):
        demo.export_demo(small_network(), STEM, *digits(), v2.ToDtype(torch.float32, scale=True))


def test_the_export_travels_with_its_lesson_through_the_shards(lesson):
    demo.export_demo(small_network(), STEM, *digits(), TRANSFORM)
    found = {path.name for path in generated_files(f"02-training/{STEM}", lesson.parent)}
    assert {f"{STEM}.demo.json", f"{STEM}.demo.bin"} <= found


@pytest.mark.site
def test_downloads_leave_out_the_export_and_the_demo(site):
    """The hidden cell runs only in the build: no download holds it or the directive."""
    checked = 0
    for language in ("en", "zh_CN"):
        for path in (site.root / language / "_downloads").rglob("03_mnist_cnn.*"):
            if path.suffix in (".py", ".ipynb"):
                text = path.read_text(encoding="utf-8")
                assert "export_demo" not in text and "digit-demo" not in text, path
                assert "sphinx_gallery_start_ignore" not in text, path
                checked += 1
    assert checked == 4, f"expected the .py and .ipynb of both languages, checked {checked}"


@pytest.mark.site
def test_the_page_asks_for_the_script_it_publishes(site):
    """The loader's address carries the script's version: after the script changes, a
    reader's browser cannot keep running the old one beside the new page."""
    from primer.sphinxext.demo import script_url

    for language in ("en", "zh_CN"):
        frame = site.soup(f"{language}/examples/02-training/03_mnist_cnn.html").select_one(
            ".primer-demo"
        )
        assert frame["data-script"] == script_url(DOCS), language
        published = site.root / language / frame["data-script"].split("?")[0]
        assert published.read_bytes() == (DOCS / "_static" / "primer-demo.js").read_bytes()
