"""Every built page through the W3C Nu HTML checker (vnu-jar, run once over all files)."""

import json
import shutil
import subprocess
from collections import Counter

import pytest
from helpers.node import node_tool_versions
from helpers.report import NOTES, STATS, require

pytestmark = [pytest.mark.site, pytest.mark.validator]


@pytest.fixture(scope="module")
def vnu_report(site, node_tools):
    java = shutil.which("java")
    require(java is not None, "Java is not installed: the W3C HTML checker (vnu.jar) needs it")
    jar = node_tools / "vnu-jar" / "build" / "dist" / "vnu.jar"
    pages = [str(site.root / path) for path in site.all_pages()]
    run = subprocess.run(
        [java, "-jar", str(jar), "--format", "json", "--stdout", *pages],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.stdout.strip(), f"vnu.jar printed nothing (exit {run.returncode}):\n{run.stderr}"
    STATS["pages checked by vnu (both languages and the root)"] = len(pages)
    NOTES.append(f"vnu-jar {node_tool_versions()['vnu-jar']}")
    return site, json.loads(run.stdout)["messages"]


def where(site, message) -> str:
    url = message.get("url", "")
    path = url.removeprefix("file:").removeprefix(str(site.root) + "/")
    return f"{path}:{message.get('lastLine', '?')}"


def test_no_html_errors(vnu_report):
    """No page has an HTML error, third-party markup included (see tests/test_upstream.py)."""
    site, messages = vnu_report
    errors = [m for m in messages if m["type"] == "error" or m.get("subType") == "fatal"]
    STATS["vnu errors"] = len(errors)
    warnings = Counter(m["message"] for m in messages if m.get("subType") == "warning")
    STATS["vnu warnings"] = sum(warnings.values())
    for text, count in warnings.most_common():
        NOTES.append(f"vnu warning ×{count}: {text}")
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(
        f"{where(site, m)}: {m['message']}\n    {m.get('extract', '').strip()[:200]}"
        for m in errors
    )
