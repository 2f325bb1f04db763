"""Run the environment doctor that the built site offers, as a reader without network would.

``python -m primer.check.doctor [--site DIR] [--language L ...]`` runs each language's
download of ``primer_doctor.py`` from an empty folder, with the package index pointed at a
closed port on this machine and no MNIST where the examples look for it. In that setting the
doctor must exit with status 1 (MNIST neither on disk nor downloadable stops the course),
report this Python's torch and torchvision as fine, and advise, in the page's language, the
install page's sections on a reachable mirror and on getting MNIST by hand, by links that
exist on that language's install page. ``nox -s compat`` runs it on the oldest supported and
the pinned torch.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

from primer import REPO

NAME = "primer_doctor.py"
#: The sections the doctor must name in that setting, and only those.
EXPECTED_SECTIONS = {"china-mirror", "get-mnist"}
#: Settings of the caller that would let a request through.
UNSET = {"pip_index_url", "no_proxy", "all_proxy"}
CJK = re.compile(r"[\u4e00-\u9fff]")


def download(site: Path, language: str) -> Path:
    found = sorted((site / language / "_downloads").glob(f"*/{NAME}"))
    if len(found) != 1:
        raise SystemExit(
            f"{site / language / '_downloads'}: expected one {NAME}, found {len(found)}: "
            "build the site first (nox -s docs)"
        )
    return found[0]


def closed_port() -> int:
    """A local port that nothing listens on: bound, then released."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run_offline(script: Path) -> subprocess.CompletedProcess:
    """Run ``script`` in an empty folder, its index a closed local port, no MNIST around."""
    with tempfile.TemporaryDirectory(prefix="primer-doctor-") as folder:
        closed = f"http://127.0.0.1:{closed_port()}"
        env = {key: value for key, value in os.environ.items() if key.lower() not in UNSET}
        env["PIP_INDEX_URL"] = f"{closed}/simple/"
        # every other request (MNIST's servers) goes through a proxy that is not there
        env |= {name: closed for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY")}
        env["PRIMER_DATA"] = str(Path(folder, "data"))
        return subprocess.run(
            [sys.executable, str(script)], cwd=folder, env=env,
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip


def problems(output: str, install_page: Path, language: str) -> list[str]:
    """What is wrong with the doctor's ``output`` in the offline setting."""
    found = []
    lines = output.splitlines()
    fixes = [line for line in lines if line.startswith("fix ")]
    links = re.findall(r"-> \S+/([A-Za-z_]+)/install\.html#([\w-]+)", output)
    sections = {section for _, section in links}
    if sections != EXPECTED_SECTIONS:
        found.append(f"named the sections {sorted(sections)}, not {sorted(EXPECTED_SECTIONS)}")
    if any(link_language != language for link_language, _ in links):
        found.append(f"links to another language's install page: {links}")
    page = install_page.read_text(encoding="utf-8")
    found += [f"#{s} is no id on {install_page}" for s in sections if f'id="{s}"' not in page]
    for fix in fixes:
        if bool(CJK.search(fix)) != (language == "zh_CN"):
            found.append(f"advice not in {language}: {fix}")
    for package in ("torch", "torchvision"):
        if not any(line.startswith(f"ok    {package} ") for line in lines):
            found.append(f"no ok line for {package}")
    return found


def check(site: Path, language: str) -> list[str]:
    completed = run_offline(download(site, language))
    output = completed.stdout + completed.stderr
    print(f"--- {language}: exit status {completed.returncode}\n{output}", flush=True)
    found = problems(output, site / language / "install.html", language)
    if completed.returncode != 1:
        found.append(f"exit status {completed.returncode}, not 1")
    return [f"{language}: {problem}" for problem in found]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=REPO / "docs" / "_build" / "html")
    parser.add_argument("--language", action="append", help="default: en and zh_CN")
    options = parser.parse_args(argv)
    found = [
        p for language in options.language or ["en", "zh_CN"] for p in check(options.site, language)
    ]
    print("\n".join(found) or "the doctor's advice holds in every language")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
