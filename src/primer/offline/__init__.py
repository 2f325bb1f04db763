"""PyTorch Primer · PyTorch 入门, offline: the whole site of both languages in one package.

``python -m pytorch_primer`` serves it on this computer (127.0.0.1) and opens it in the
browser. ``nox -s package`` copies this folder into the wheel as the ``pytorch_primer``
package, with the built site in ``site/`` and the build's date and commit in
``build.json``.
"""

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
SITE = HERE / "site"
LANGUAGES = ("en", "zh_CN")


def build_info() -> dict:
    """The version, build date and commit that ``nox -s package`` recorded."""
    path = HERE / "build.json"
    if not path.exists():
        return {"version": "not packaged", "date": "-", "commit": "-"}
    return json.loads(path.read_text(encoding="utf-8"))
