"""Record, on every page, the hardware and versions the examples were executed with.

Asking torch means importing it, which costs more than the rest of a rebuild with nothing
changed. So the answer is kept in the build's doctree folder with what it depends on (this
Python, the torch it imports, the machine, the devices it may see) and asked again only when
one of those changed.
"""

import json
import os
import platform
import sys
from importlib import metadata
from pathlib import Path

#: Variables that change which accelerators torch sees.
DEVICE_VARIABLES = ("CUDA_VISIBLE_DEVICES", "HIP_VISIBLE_DEVICES", "ROCR_VISIBLE_DEVICES")


def describe_device() -> str:
    import torch

    if not torch.accelerator.is_available():
        return "CPU"
    device = torch.accelerator.current_accelerator()
    if device.type == "cuda":
        return f"CUDA ({torch.cuda.get_device_name()})"
    return device.type.upper()


def ask_torch() -> dict:
    import torch

    return {
        "device": describe_device(),
        "torch": torch.__version__,
        "python": platform.python_version(),
    }


def circumstances() -> dict:
    """What the answer depends on, found without importing torch."""
    torch = metadata.distribution("torch")
    return {
        "executable": sys.executable,
        "torch": f"{torch.version} at {torch.locate_file('')}",
        "machine": platform.node(),
        **{name: os.environ.get(name) for name in DEVICE_VARIABLES},
    }


def provenance(record: Path) -> dict:
    """This build's provenance, from ``record`` when it was asked in the same circumstances."""
    now = circumstances()
    try:
        saved = json.loads(record.read_text())
        if saved["circumstances"] == now:
            return saved["provenance"]
    except (OSError, ValueError, KeyError):
        pass
    answer = ask_torch()
    record.parent.mkdir(parents=True, exist_ok=True)
    record.write_text(json.dumps({"circumstances": now, "provenance": answer}))
    return answer


def collect_provenance(app, config) -> None:
    record = Path(app.doctreedir) / "provenance.json"
    config.html_context["provenance"] = provenance(record)


def setup(app):
    app.connect("config-inited", collect_provenance)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
