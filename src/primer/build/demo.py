"""The digit demo's files, exported while the site is built: a lesson's trained network and
twenty held-out digits, for ``docs/_static/primer-demo.js`` to run in the reader's browser.

A lesson calls :func:`export_demo` in a hidden cell (Sphinx-Gallery's ignore block: executed
during the build, never shown, left out of the downloads, whose readers may have a torch too
old for this code). It writes two files beside the lesson's other generated files, so that
they are kept with Sphinx-Gallery's cache and travel with a shard's executions:

``<stem>.demo.json``
    The layers (type and sizes, and where each tensor lies in the ``.bin`` file), the
    normalisation's mean and standard deviation, twenty held-out digits as 784 grey levels
    (0-255) with their labels, and the ten probabilities torch gave each of them, which the
    browser's forward pass must reproduce.
``<stem>.demo.bin``
    Every weight and bias, little-endian float32, in the order of the layers.

Outside a build (the lesson run as a plain script) it writes nothing.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

#: Set by primer.sphinxext.demo when a build starts: the gallery's sources and the folder
#: Sphinx-Gallery writes its pages to. None outside a build.
FOLDERS: tuple[Path, Path] | None = None
DIGITS = 20


class UnsupportedLayer(TypeError):
    """A layer the browser's forward pass cannot run."""


def plain_convolution(layer) -> bool:
    """Square kernel, stride and padding; no groups, dilation or other padding; a bias."""
    squares = [{*layer.kernel_size}, {*layer.stride}, {*layer.padding}]
    ordinary = layer.groups == 1 and layer.dilation == (1, 1) and layer.padding_mode == "zeros"
    return all(len(values) == 1 for values in squares) and ordinary and layer.bias is not None


def plain_pooling(layer) -> bool:
    """Square, without padding, dilation or ceil mode."""
    sizes = (layer.kernel_size, layer.stride or layer.kernel_size)
    square = all(isinstance(size, int) for size in sizes)
    return square and not layer.padding and layer.dilation == 1 and not layer.ceil_mode


def layer_description(layer) -> tuple[dict, dict]:
    """One layer as the browser reads it, and its tensors by name."""
    from torch import nn

    kind = type(layer).__name__
    if isinstance(layer, nn.Conv2d) and plain_convolution(layer):
        described = {
            "in_channels": layer.in_channels,
            "out_channels": layer.out_channels,
            "kernel": layer.kernel_size[0],
            "stride": layer.stride[0],
            "padding": layer.padding[0],
        }
        return {"type": kind, **described}, {"weight": layer.weight, "bias": layer.bias}
    if isinstance(layer, nn.MaxPool2d) and plain_pooling(layer):
        stride = layer.stride or layer.kernel_size
        return {"type": kind, "kernel": layer.kernel_size, "stride": stride}, {}
    if isinstance(layer, nn.Linear) and layer.bias is not None:
        sizes = {"in_features": layer.in_features, "out_features": layer.out_features}
        return {"type": kind, **sizes}, {"weight": layer.weight, "bias": layer.bias}
    whole = isinstance(layer, nn.Flatten) and (layer.start_dim, layer.end_dim) == (1, -1)
    if isinstance(layer, nn.ReLU) or whole:
        return {"type": kind}, {}
    raise UnsupportedLayer(
        f"{layer}: the demo's forward pass (docs/_static/primer-demo.js) runs plain Conv2d "
        "(square, with a bias), ReLU, MaxPool2d (square), Flatten (all but the batch) and "
        "Linear (with a bias) only; add the layer there, or export another model"
    )


def describe(model) -> tuple[list[dict], bytes]:
    """The layers of ``model`` (an ``nn.Sequential``) and their weights as float32 bytes."""
    import torch

    layers, chunks, offset = [], [], 0
    for layer in model:
        description, tensors = layer_description(layer)
        places = {}
        for name, tensor in tensors.items():
            values = tensor.detach().to("cpu", torch.float32).contiguous().flatten()
            places[name] = [offset, values.numel()]
            chunks.append(values.numpy().astype("<f4").tobytes())
            offset += values.numel()
        layers.append({**description, "tensors": places} if places else description)
    return layers, b"".join(chunks)


def normalisation(transform) -> tuple[float, float]:
    """The mean and standard deviation of the one ``Normalize`` in ``transform``."""
    from torchvision.transforms import v2

    steps = transform.transforms if isinstance(transform, v2.Compose) else [transform]
    found = [step for step in steps if isinstance(step, v2.Normalize)]
    if len(found) != 1 or len(found[0].mean) != 1:
        raise ValueError(f"{transform}: the demo needs exactly one one-channel Normalize")
    return float(found[0].mean[0]), float(found[0].std[0])


def export_demo(model, stem: str, images, labels, transform) -> Path | None:
    """Write ``<stem>.demo.json`` and ``.bin`` for the lesson ``<stem>.py`` being executed:
    ``model``, and the first DIGITS of ``images`` (uint8, N×28×28) with their ``labels``
    and the probabilities ``model`` gives them after ``transform`` (the lesson's own
    preprocessing, which the browser repeats). Return the JSON's path, or None outside a
    build."""
    if FOLDERS is None:
        return None
    import torch

    gallery, generated = FOLDERS
    if not (Path.cwd() / f"{stem}.py").is_file():
        raise ValueError(f"export_demo: {stem}.py is not the lesson being run in {Path.cwd()}")
    folder = generated / Path.cwd().resolve().relative_to(gallery)
    model = copy.deepcopy(model).to("cpu").eval()
    mean, std = normalisation(transform)
    layers, weights = describe(model)
    images, labels = images[:DIGITS].cpu(), labels[:DIGITS].cpu()
    with torch.inference_mode():
        logits = model(transform(images.unsqueeze(1)))
    description = {
        "torch": torch.__version__,
        "mean": mean,
        "std": std,
        "layers": layers,
        "weights_file": f"{stem}.demo.bin",
        "digits": images.flatten(1).tolist(),
        "labels": labels.tolist(),
        "probabilities": torch.softmax(logits.double(), dim=1).tolist(),
    }
    (folder / f"{stem}.demo.bin").write_bytes(weights)
    path = folder / f"{stem}.demo.json"
    path.write_text(json.dumps(description, separators=(",", ":")) + "\n", encoding="utf-8")
    return path
