"""The footer's provenance: torch is asked once, then again only when what it depends on
changed (a rebuild with nothing changed must not pay for importing torch)."""

import json
import os
import subprocess
import sys

PROBE = """
import json, sys
from pathlib import Path
from primer.sphinxext.provenance import provenance
answer = provenance(Path(sys.argv[1]))
print(json.dumps({"answer": answer, "imported torch": "torch" in sys.modules}))
"""


def footer_provenance(record, **variables) -> dict:
    """Run the extension's lookup in a fresh Python, as each sphinx-build does."""
    run = subprocess.run(
        [sys.executable, "-c", PROBE, str(record)],
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), **variables},
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(run.stdout)


def test_torch_is_asked_once_then_the_record_answers(tmp_path):
    record = tmp_path / "doctrees" / "provenance.json"
    first = footer_provenance(record)
    again = footer_provenance(record)
    assert first["imported torch"] and not again["imported torch"]
    assert again["answer"] == first["answer"]
    assert set(first["answer"]) == {"device", "torch", "python"}


def test_other_visible_devices_ask_torch_again(tmp_path):
    record = tmp_path / "provenance.json"
    footer_provenance(record)
    assert footer_provenance(record, CUDA_VISIBLE_DEVICES="")["imported torch"]


def test_a_damaged_record_is_asked_again(tmp_path):
    record = tmp_path / "provenance.json"
    record.write_text("{not json")
    found = footer_provenance(record)
    assert found["imported torch"]
    assert json.loads(record.read_text())["provenance"] == found["answer"]
