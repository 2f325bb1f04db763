#!/usr/bin/env bash
# Build the English site on a GPU machine that has its own torch and no network, and print
# what each example took there and the CNN's test accuracy.
#
# Prepare on a machine with network access (the device machine's Python, usually 3.12):
#   nox -s wheelhouse -- --python 3.12 --platform manylinux_2_28_x86_64 --dest wheelhouse
# then carry wheelhouse/ over (ignored by git) and run, in the repository root there:
#   bash tools/gpu_check.sh wheelhouse
set -euo pipefail
cd "$(dirname "$0")/.."
wheelhouse=$(realpath "${1:-wheelhouse}")
python=${PYTHON:-python3}

"$python" - <<'PY'
import platform, torch
print(f"device: {torch.cuda.get_device_name() if torch.cuda.is_available() else 'no CUDA'}"
      f" | torch {torch.__version__} | Python {platform.python_version()}")
PY

# nox itself comes from the wheelhouse; it runs the same docs session as everywhere else.
tools=$(mktemp -d)
"$python" -m pip install --quiet --no-index --find-links "$wheelhouse" --target "$tools" nox
started=$(date +%s)
PYTHONPATH="$tools" "$python" -m nox -s docs -- --system-torch="$python" --wheelhouse="$wheelhouse" --languages en
echo "build: $(( $(date +%s) - started )) s"

"$python" - <<'PY'
import json, pathlib, re
for cost in sorted(pathlib.Path("docs/examples").glob("*/*.cost.json")):
    print(f"{json.loads(cost.read_text())['time']:7.1f} s  {cost.name.removesuffix('.cost.json')}")
page = pathlib.Path("docs/_build/html/en/examples/02-training/03_mnist_cnn.html").read_text()
print(*re.findall(r"test accuracy: [\d.]+%", page) or ["no accuracy"])
PY
