"""The autograd page's graph figure labels its nodes from the tensors it holds, not from
``id()`` of node objects, so it draws the same on every torch version and under any garbage
collector timing (issue: a KeyError on torch 2.11 with CUDA, where id()s were reused)."""

import json
import os
import subprocess
import sys

from helpers.project import REPO

EXAMPLE = REPO / "gallery" / "01-fundamentals" / "02_autograd.py"
#: Runs the example with a collection after every allocation, then prints the figure's labels.
UNDER_GC_PRESSURE = f"""
import gc, json, runpy
gc.set_threshold(1, 1, 1)
example = runpy.run_path({str(EXAMPLE)!r})
print(json.dumps([text.get_text() for text in example["ax"].texts if text.get_text()]))
"""


def test_the_graph_figure_is_labelled_from_the_tensors_under_gc_pressure(tmp_path):
    env = {**os.environ, "MPLBACKEND": "Agg"}
    run = subprocess.run([sys.executable, "-c", UNDER_GC_PRESSURE], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=600)  # fmt: skip
    assert run.returncode == 0, run.stderr[-3000:]
    labels = json.loads(run.stdout.strip().splitlines()[-1])
    assert sorted(labels) == sorted([
        "MeanBackward0\nout.grad_fn",
        "MulBackward0\nz.grad_fn",
        "MulBackward0",  # 3 * y: no tensor of the page holds it
        "AddBackward0\ny.grad_fn",
        "AccumulateGrad\nx.grad",
    ])  # fmt: skip
