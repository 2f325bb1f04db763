"""The last line of the tracebacks beginners meet most, recorded by running mistaken code.

The code differs from the common-mistakes page's on purpose (other shapes, names, dtypes and
sizes), as a reader's own code would: the search must find the page from a message it does
not print word for word.
"""

from __future__ import annotations

import re
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path

#: The one message no CPU can produce, quoted as torch 2.14's library holds it (the text
#: of an elementwise operation's error), with devices other than the page's. Not recorded:
#: the machines that build and test this site have no GPU.
QUOTED_DEVICE_MISMATCH = (
    "RuntimeError: Expected all tensors to be on the same device, but found at least two "
    "devices, cuda:1 and cpu!"
)

#: The bold and plain switches some messages carry for a terminal (torch.load's).
TERMINAL_STYLE = re.compile(r"\x1b\[[0-9;]*m")


def last_line(mistake: Callable[[], object]) -> str:
    """What a traceback of ``mistake`` ends with, as Python prints it (first line only)."""
    try:
        mistake()
    except Exception as err:  # noqa: BLE001 - every kind of error is the point
        shown = "".join(traceback.format_exception_only(err)).splitlines()[0]
        return TERMINAL_STYLE.sub("", shown).strip()
    raise AssertionError(f"{mistake.__name__} ran without an error")


def _linear_shapes():
    import torch
    from torch import nn

    nn.Linear(512, 10)(torch.randn(32, 256))


def _item_of_many():
    import torch

    torch.zeros(3, 5).item()


def _missing_import():
    exec("np.zeros(3)", {})


def _backward_twice():
    import torch

    scale = torch.tensor([0.5, 1.5], requires_grad=True)
    total = scale.exp().sum()
    total.backward()
    total.backward()


def _no_requires_grad():
    import torch

    torch.ones(5).mul(3).sum().backward()


def _numpy_of_parameters():
    from torch import nn

    nn.Conv2d(3, 8, kernel_size=3).weight.numpy()


def _double_labels():
    import torch
    from torch import nn

    nn.CrossEntropyLoss()(torch.randn(8, 3), torch.tensor([2, 0, 1, 1, 0, 2, 2, 1.0]).double())


def _iterator_next():
    from torch.utils.data import DataLoader

    iter(DataLoader(list(range(20)), batch_size=5)).next()


def _whole_model_loaded():
    import torch
    from torch import nn

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "classifier.pth"
        torch.save(nn.Sequential(nn.Linear(20, 5), nn.Softmax(dim=1)), path)
        torch.load(path)


MISTAKES = [
    _linear_shapes,
    _item_of_many,
    _missing_import,
    _backward_twice,
    _no_requires_grad,
    _numpy_of_parameters,
    _double_labels,
    _iterator_next,
    _whole_model_loaded,
]


def messages_met() -> list[str]:
    """Each mistake's message, recorded now, and the one quoted device mismatch."""
    return [last_line(mistake) for mistake in MISTAKES] + [QUOTED_DEVICE_MISMATCH]
