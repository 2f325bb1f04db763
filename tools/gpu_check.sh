#!/usr/bin/env bash
# Build the English site on a GPU machine that has its own torch and no network, and print
# what each example took there and every test accuracy the pages show
# (src/primer/check/gpu_report.py); docs/verified.json gets this torch and device for every
# lesson (src/primer/check/verified.py).
#
# Prepare on a machine with network access (the device machine's Python, usually 3.12):
#   nox -s wheelhouse -- --python 3.12 --platform manylinux_2_28_x86_64 --dest wheelhouse
# then carry wheelhouse/ over (ignored by git) and run, in the repository root there:
#   bash tools/gpu_check.sh wheelhouse
# ``bash tools/gpu_check.sh --report-only`` builds nothing: it prints the device line and the
# report of the build already there (the tests run it so on the CPU build).
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}

"$python" - <<'PY'
import platform, torch
print(f"device: {torch.cuda.get_device_name() if torch.cuda.is_available() else 'no CUDA'}"
      f" | torch {torch.__version__} | Python {platform.python_version()}")
PY

if [ "${1:-}" != "--report-only" ]; then
  wheelhouse=$(realpath "${1:-wheelhouse}")
  # nox itself comes from the wheelhouse; it runs the same docs session as everywhere else.
  tools=$(mktemp -d)
  "$python" -m pip install --quiet --no-index --find-links "$wheelhouse" --target "$tools" nox
  started=$(date +%s)
  PYTHONPATH="$tools" "$python" -m nox -s docs -- \
    --system-torch="$python" --wheelhouse="$wheelhouse" --languages en
  echo "build: $(( $(date +%s) - started )) s"
  # Every example ran to the end on this device: say so on each lesson (commit the file).
  PYTHONPATH=src "$python" -m primer.check.verified --from-build
fi

"$python" src/primer/check/gpu_report.py
