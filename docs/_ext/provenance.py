"""Record, on every page, the hardware and versions the examples were executed with."""

import platform


def describe_device() -> str:
    import torch

    if not torch.accelerator.is_available():
        return "CPU"
    device = torch.accelerator.current_accelerator()
    if device.type == "cuda":
        return f"CUDA ({torch.cuda.get_device_name()})"
    return device.type.upper()


def collect_provenance(app, config) -> None:
    import torch

    config.html_context["provenance"] = {
        "device": describe_device(),
        "torch": torch.__version__,
        "python": platform.python_version(),
    }


def setup(app):
    app.connect("config-inited", collect_provenance)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
