"""Every built page through the W3C Nu HTML checker (vnu-jar, run once over all files)."""

import json
import re
import shutil
import subprocess
from collections import Counter

import pytest
from conftest import NODE_TOOLS, NOTES, STATS, require

pytestmark = [pytest.mark.site, pytest.mark.validator]

#: Errors in markup that third-party extensions write, which this site cannot change without
#: patching them. Each entry matches one message *and* the markup it was found in, so the same
#: error anywhere else still fails.
KNOWN_ERRORS = [
    # sphinx-design 0.8.0 tabs: the radio-button label says which panel it controls.
    ("aria-controls", r"must not be used on any “label” element", r'class="sd-tab-label"'),
    # Sphinx-Gallery 0.22 thumbnails: its CSS shows this attribute as the hover text.
    ("tooltip", r"Attribute “tooltip” not allowed", r'class="sphx-glr-thumbcontainer"'),
    # Sphinx-Gallery writes an (empty, unused) tag list into the README of every gallery
    # section, and a gallery index page holds its sections' READMEs.
    ("sg-tag-list", r"Duplicate ID “sg-tag-list”", r"sg-tag-list"),
]


def known(message: dict) -> str | None:
    for name, text, markup in KNOWN_ERRORS:
        if re.search(text, message["message"]) and re.search(markup, message.get("extract", "")):
            return name
    return None


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
    NOTES.append(f"vnu-jar {NODE_TOOLS['vnu-jar']}")
    return site, json.loads(run.stdout)["messages"]


def where(site, message) -> str:
    url = message.get("url", "")
    path = url.removeprefix("file:").removeprefix(str(site.root) + "/")
    return f"{path}:{message.get('lastLine', '?')}"


def test_no_html_errors(vnu_report):
    site, messages = vnu_report
    errors = [m for m in messages if m["type"] == "error" or m.get("subType") == "fatal"]
    tolerated = Counter(known(m) for m in errors if known(m))
    real = [m for m in errors if not known(m)]
    STATS["vnu errors"] = len(real)
    STATS["vnu errors tolerated (third-party markup, see KNOWN_ERRORS)"] = sum(tolerated.values())
    warnings = Counter(m["message"] for m in messages if m.get("subType") == "warning")
    STATS["vnu warnings"] = sum(warnings.values())
    for text, count in warnings.most_common():
        NOTES.append(f"vnu warning ×{count}: {text}")
    assert not real, f"{len(real)} HTML errors:\n" + "\n".join(
        f"{where(site, m)}: {m['message']}\n    {m.get('extract', '').strip()[:200]}" for m in real
    )


def test_tolerated_errors_are_still_needed(vnu_report):
    """Each KNOWN_ERRORS entry still matches an error: one that matches nothing is removed."""
    _, messages = vnu_report
    used = {known(m) for m in messages if m["type"] == "error"}
    unused = {name for name, _, _ in KNOWN_ERRORS} - used
    assert not unused, f"KNOWN_ERRORS entries that match nothing any more: {sorted(unused)}"
