"""Is this computer ready for the PyTorch Primer course? Run: python primer_doctor.py

One line per check: ``ok``, ``note`` (worth knowing, nothing to fix) or ``fix`` (a problem,
followed by the section of the install page that solves it). The exit status is 1 only when
a problem stops the course: a Python or torch too old, torch or torchvision missing or not a
matched pair, MNIST neither on disk nor downloadable. Needs only Python; torch when installed.
"""

import argparse
import importlib.metadata
import os
import platform
import re
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

LANGUAGE = "en"
SITE = "https://pytorch-primer.github.io/pytorch-primer/"
PYTHON_FLOOR = (3, 10)
TORCH_FLOOR = "2.6.0"  # the oldest torch the examples support, with torchvision 0.21.0
TIMEOUT_S = 5
MNIST_FILES = {
    "train-images-idx3-ubyte": 47_040_016,
    "train-labels-idx1-ubyte": 60_008,
    "t10k-images-idx3-ubyte": 7_840_016,
    "t10k-labels-idx1-ubyte": 10_008,
}

MESSAGES = {
    "en": {
        "python_old": "Python {found} is older than {floor}: install a newer Python, then a "
        "new virtual environment with it",
        "no_venv": "no virtual environment is active: create one and activate it before "
        "pip install",
        "no_torch": "torch is not installed in this Python",
        "torch_old": "torch {found} is older than {floor}: install again with --upgrade",
        "no_torchvision": "torchvision is not installed: install it in the same command as torch",
        "torchvision_broken": "torchvision {found} does not load ({error}): install torch and "
        "torchvision again, in one command",
        "unmatched": "torchvision {found} is made for torch {expected}, not {torch}: install "
        "both again, in one command",
        "no_index": "the package index {url} did not answer ({error}): use a mirror you can reach",
        "no_mnist": "MNIST is not in {folder}, and its download servers did not answer "
        "({error}): put the four files there by hand",
        "blocking": "problems that stop the course: {count}",
    },
    "zh_CN": {
        "python_old": "Python {found} 比 {floor} 旧：请安装更新的 Python，再用它新建虚拟环境",
        "no_venv": "当前没有激活的虚拟环境：请先创建并激活一个，再运行 pip install",
        "no_torch": "这个 Python 里没有安装 torch",
        "torch_old": "torch {found} 比 {floor} 旧：请加上 --upgrade 重新安装",
        "no_torchvision": "没有安装 torchvision：请在安装 torch 的同一条命令里一起安装",
        "torchvision_broken": "torchvision {found} 无法加载（{error}）：请用一条命令重新安装 "
        "torch 和 torchvision",
        "unmatched": "torchvision {found} 对应的是 torch {expected}，而不是 {torch}：请用一条"
        "命令重新安装这两个包",
        "no_index": "软件包索引 {url} 没有响应（{error}）：请换用一个能访问的镜像",
        "no_mnist": "{folder} 里没有 MNIST，它的下载服务器也没有响应（{error}）：请手动把四个"
        "文件放到那里",
        "blocking": "妨碍学习本课程的问题：{count} 个",
    },
}


class Report:
    """The lines printed so far, and how many problems stop the course."""

    def __init__(self, language):
        self.text = MESSAGES[language]
        self.install_page = f"{SITE}{language}/install.html"
        self.blocking = 0

    def ok(self, fact):
        print(f"ok    {fact}")

    def note(self, fact):
        print(f"note  {fact}")

    def fix(self, key, section, blocks, **values):
        """A problem, in the reader's language, and the install page's section that fixes it."""
        print(f"fix   {self.text[key].format(**values)}")
        print(f"      -> {self.install_page}#{section}")
        self.blocking += blocks


def version_tuple(version):
    """``"2.14.1+cu130"`` -> ``(2, 14, 1)``: the numbers before any local or pre-release part."""
    return tuple(int(part) for part in re.findall(r"\d+", version.split("+")[0])[:3])


def check_python(report):
    found = platform.python_version()
    if sys.version_info[:2] < PYTHON_FLOOR:
        floor = ".".join(map(str, PYTHON_FLOOR))
        report.fix("python_old", "versions", blocks=True, found=found, floor=floor)
    else:
        report.ok(f"Python {found}")


def check_virtual_environment(report):
    """A venv (or virtualenv, or uv venv) has its own ``sys.prefix``; conda sets CONDA_PREFIX."""
    if sys.prefix != sys.base_prefix:
        report.ok(f"venv: {Path(sys.prefix).name}")
    elif os.environ.get("CONDA_PREFIX"):
        report.ok(f"conda: {Path(os.environ['CONDA_PREFIX']).name}")
    else:
        report.fix("no_venv", "venv", blocks=False)


def matching_torchvision(torch_version):
    """The torchvision minor release made for a torch 2.x release: 2.6 -> 0.21, 2.14 -> 0.29
    (the table in pytorch/vision's README; the rule has held since torch 2.0)."""
    major, minor = version_tuple(torch_version)[:2]
    return (0, minor + 15) if major == 2 else None


def check_torch(report):
    """torch at least the floor; torchvision installed, loading, and made for this torch."""
    try:
        import torch
    except ImportError:
        report.fix("no_torch", "install-command", blocks=True)
        return None
    if version_tuple(torch.__version__) < version_tuple(TORCH_FLOOR):
        report.fix(
            "torch_old", "install-command", blocks=True, found=torch.__version__, floor=TORCH_FLOOR
        )
    else:
        report.ok(f"torch {torch.__version__} >= {TORCH_FLOOR}")
    try:
        found = importlib.metadata.version("torchvision")
    except importlib.metadata.PackageNotFoundError:
        report.fix("no_torchvision", "install-command", blocks=True)
        return torch
    expected = matching_torchvision(torch.__version__)
    if expected and version_tuple(found)[:2] != expected:
        torch_for_it = f"2.{version_tuple(found)[1] - 15}"
        report.fix(
            "unmatched", "install-command", blocks=True,
            found=found, expected=torch_for_it, torch=torch.__version__,
        )  # fmt: skip
        return torch
    try:
        import torchvision  # noqa: F401  (an unmatched pair often fails right here)
    except Exception as error:  # the error type varies: RuntimeError, ImportError, OSError
        report.fix("torchvision_broken", "install-command", blocks=True, found=found, error=error)
        return torch
    report.ok(
        f"torchvision {found} <-> torch {'.'.join(map(str, version_tuple(torch.__version__)[:2]))}"
    )
    return torch


def check_device(report, torch):
    """The device the examples will pick, what the build was made for, and cuDNN."""
    if torch is None:
        return
    available = hasattr(torch, "accelerator") and torch.accelerator.is_available()
    device = torch.accelerator.current_accelerator() if available else "cpu"
    if available and device.type == "cuda":
        device = f"cuda ({torch.cuda.get_device_name()})"
    build = (
        f"ROCm {torch.version.hip}" if torch.version.hip
        else f"CUDA {torch.version.cuda}" if torch.version.cuda
        else "MPS" if torch.backends.mps.is_built()
        else "CPU"
    )  # fmt: skip
    cudnn = torch.backends.cudnn.version() if torch.backends.cudnn.is_available() else None
    report.note(f"device: {device} | build: {build} | cuDNN: {cudnn}")


def index_url():
    """The index pip installs from: $PIP_INDEX_URL, else ``pip config``, else PyPI."""
    if os.environ.get("PIP_INDEX_URL"):
        return os.environ["PIP_INDEX_URL"]
    command = [sys.executable, "-m", "pip", "config", "get", "global.index-url"]
    try:
        found = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_S)
    except (OSError, subprocess.TimeoutExpired):
        found = None
    if found and found.returncode == 0 and found.stdout.strip():
        return found.stdout.strip()
    return "https://pypi.org/simple/"


def answers(url):
    """``None`` when ``url`` answers within the timeout, else why it did not."""
    try:
        request = urllib.request.Request(url, method="HEAD")
        with urllib.request.urlopen(request, timeout=TIMEOUT_S):
            return None
    except urllib.error.HTTPError as error:  # it answered, only not with 200
        return None if error.code < 500 else str(error)
    except (OSError, ValueError) as error:
        return str(getattr(error, "reason", error))


def check_index(report):
    url = index_url().rstrip("/") + "/"
    error = answers(url + "torch/")
    if error:
        report.fix("no_index", "china-mirror", blocks=False, url=url, error=error)
    else:
        report.ok(f"index: {url}")


def check_mnist(report):
    """The four files where the examples look (``$PRIMER_DATA``, else ``./data``), else
    whether torchvision's download servers answer."""
    root = os.environ.get("PRIMER_DATA")
    folder = Path(root or "data") / "MNIST" / "raw"
    shown = "$PRIMER_DATA/MNIST/raw" if root else "data/MNIST/raw"  # no full path on the site
    sizes = {
        name: (folder / name).stat().st_size for name in MNIST_FILES if (folder / name).exists()
    }
    if sizes == MNIST_FILES:
        report.ok(f"MNIST: {len(sizes)} files in {shown}")
        return
    try:
        from torchvision.datasets import MNIST

        mirrors = MNIST.mirrors  # where torchvision downloads from, in its order
    except Exception:  # no torchvision: its mirrors at the time of writing
        mirrors = ["https://ossci-datasets.s3.amazonaws.com/mnist/"]
    errors = [answers(mirror + "train-labels-idx1-ubyte.gz") for mirror in mirrors]
    if None in errors:
        report.ok(f"MNIST: downloads to {shown} on first use")
    else:
        report.fix("no_mnist", "get-mnist", blocks=True, folder=shown, error=errors[0])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--language", choices=sorted(MESSAGES), default=LANGUAGE)
    report = Report(parser.parse_args(argv).language)
    check_python(report)
    check_virtual_environment(report)
    check_device(report, check_torch(report))
    check_index(report)
    check_mnist(report)
    if report.blocking:
        print(report.text["blocking"].format(count=report.blocking))
    status = 1 if report.blocking else 0
    print(f"exit status: {status}")
    return status


if __name__ == "__main__":
    if "ipykernel" in sys.modules:  # a notebook cell: report, and keep the notebook running
        main([])
    else:
        sys.exit(main())
