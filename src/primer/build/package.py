"""The site to take away: one wheel with both languages, and one zip per language.

``python -m primer.build.package [--site DIR] [--dist DIR] [--version V]`` (``nox -s
package``, after the build) writes to ``dist/``:

``pytorch_primer-<version>-py3-none-any.whl``
    The package ``pytorch_primer`` (``src/primer/offline``: ``python -m pytorch_primer``
    serves the site on 127.0.0.1 and opens the browser) with the whole built site in
    ``pytorch_primer/site``, its build date and commit in ``build.json``, and the licence.
``pytorch-primer-<language>-<version>.zip``
    One language's site in a folder, with a ``README.txt`` in that language that says how
    to open it.

The pages carry their formulas as SVG (``primer.sphinxext.static_math``), so neither holds
MathJax; a site built without Node, whose pages would need MathJax, is refused.

The wheel is written directly (a zip with ``*.dist-info/{METADATA,WHEEL,RECORD}``, as the
wheel format, PEP 427, describes): it holds no code to build, so no build backend has to be
installed. The version is the build date, ``YYYY.M.D`` (PEP 440; ``--version`` for a second
release on one day, e.g. ``2026.12.3.1``).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from datetime import UTC, datetime
from pathlib import Path

from primer import REPO
from primer.build import math_svg
from primer.build.site import LANGUAGES

NAME = "pytorch_primer"
DISTRIBUTION = "pytorch-primer"
#: Where the deploy publishes the zips, as ``pytorch-primer-<language>.zip`` (the home page
#: links them there).
PUBLISHED = "https://pytorch-primer.github.io/pytorch-primer/offline/"
#: How to open a zip, in its language.
ZIP_README = {
    "en": """PyTorch Primer, offline copy ({language}), version {version}
Built {date} from commit {commit}. A newer copy: {url}

Open {language}/index.html in a browser. Opened straight from the disk (file://), the pages,
figures, math and downloads work, and search lists the matching pages but without an
excerpt of each (a browser does not let a page read other files from the disk); the
language switch does not work (the other language is not in this zip). To read it as the
website, serve the folder on this computer:

    python -m http.server --bind 127.0.0.1 --directory {folder}

and open http://127.0.0.1:8000/{language}/index.html. Both languages, served by one command:
pip install pytorch-primer, then python -m pytorch_primer.

Licence: LICENSE.txt (code: MIT; text: CC BY 4.0).
""",
    "zh_CN": """PyTorch 入门 离线版（{language}），版本 {version}
构建于 {date}，来自提交 {commit}。获取新版：{url}

用浏览器打开 {language}/index.html。直接从磁盘打开（file://）时，页面、插图、公式和下载都能用，
搜索能列出匹配的页面，但不显示每个页面的摘录（浏览器不允许页面读取磁盘上的其他文件）；
切换语言不能用（这个压缩包里没有另一种语言）。想像网站一样阅读，就在本机上提供这个文件夹：

    python -m http.server --bind 127.0.0.1 --directory {folder}

然后打开 http://127.0.0.1:8000/{language}/index.html。一条命令同时提供两种语言：
pip install pytorch-primer，然后运行 python -m pytorch_primer。

许可：LICENSE.txt（代码：MIT；文字：CC BY 4.0）。
""",
}


def build_info(version: str | None) -> dict:
    """The version (the date unless given), the date, and the commit of this checkout."""
    now = datetime.now(UTC)
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"], cwd=REPO, capture_output=True,
            text=True, check=True,
        ).stdout.strip()  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"
    version = version or f"{now.year}.{now.month}.{now.day}"
    return {"version": version, "date": now.strftime("%Y-%m-%d"), "commit": commit}


# -- The wheel --------------------------------------------------------------------------------


def metadata(info: dict) -> str:
    return f"""Metadata-Version: 2.1
Name: {DISTRIBUTION}
Version: {info["version"]}
Summary: PyTorch Primer · PyTorch 入门, offline: the whole bilingual site, served on this computer
License: MIT (code) AND CC-BY-4.0 (text)
Requires-Python: >=3.9
Description-Content-Type: text/markdown

# PyTorch Primer · PyTorch 入门, offline

`python -m pytorch_primer` serves the whole site (English and 简体中文) on
http://127.0.0.1:8000 and opens it in your browser (`--port`, `--language`, `--no-browser`).
Built {info["date"]} from commit {info["commit"]}. A newer copy:
`pip install --upgrade pytorch-primer`.
"""


def record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def write_wheel(package: Path, info: dict, dist: Path) -> Path:
    """A wheel holding ``package`` as ``pytorch_primer``, with its metadata and licence."""
    info_dir = f"{NAME}-{info['version']}.dist-info"
    files = {
        f"{NAME}/{path.relative_to(package).as_posix()}": path.read_bytes()
        for path in sorted(package.rglob("*"))
        if path.is_file()
    }
    files[f"{info_dir}/METADATA"] = metadata(info).encode()
    files[f"{info_dir}/WHEEL"] = (
        b"Wheel-Version: 1.0\nGenerator: primer.build.package\nRoot-Is-Purelib: true\n"
        b"Tag: py3-none-any\n"
    )
    files[f"{info_dir}/LICENSE"] = (REPO / "LICENSE").read_bytes()
    record = [record_line(name, data) for name, data in files.items()]
    files[f"{info_dir}/RECORD"] = ("\n".join([*record, f"{info_dir}/RECORD,,"]) + "\n").encode()
    wheel = dist / f"{NAME}-{info['version']}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            entry = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            archive.writestr(entry, data, compress_type=zipfile.ZIP_DEFLATED)
    return wheel


def stage_package(site: Path, staging: Path, info: dict) -> Path:
    """The ``pytorch_primer`` package: the server, the site and build.json."""
    package = staging / NAME
    shutil.copytree(
        REPO / "src" / "primer" / "offline", package, ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copytree(
        site, package / "site", ignore=shutil.ignore_patterns(".buildinfo", ".doctrees")
    )
    shutil.copy(REPO / "LICENSE", package / "site" / "LICENSE.txt")
    (package / "build.json").write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    return package


# -- The zips ---------------------------------------------------------------------------------


def write_zip(site: Path, language: str, info: dict, dist: Path, staging: Path) -> Path:
    folder_name = f"{DISTRIBUTION}-{language}-{info['version']}"
    folder = staging / folder_name
    shutil.copytree(site / language, folder / language, ignore=shutil.ignore_patterns(".buildinfo"))
    shutil.copy(REPO / "LICENSE", folder / "LICENSE.txt")
    readme = ZIP_README[language].format(
        language=language,
        folder=folder_name,
        url=f"{PUBLISHED}{DISTRIBUTION}-{language}.zip",
        **info,
    )
    (folder / "README.txt").write_text(readme, encoding="utf-8")
    archive = dist / f"{folder_name}.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zipped.write(path, path.relative_to(staging).as_posix())
    return archive


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=REPO / "docs" / "_build" / "html")
    parser.add_argument("--dist", type=Path, default=REPO / "dist")
    parser.add_argument("--version", help="the version (default: today's date, YYYY.M.D)")
    options = parser.parse_args(argv)
    missing = [lang for lang in LANGUAGES if not (options.site / lang / "index.html").exists()]
    if missing:
        print(f"{options.site} has no built {missing}: run nox -s docs first", file=sys.stderr)
        return 1
    if reason := math_svg.untypeset(options.site, LANGUAGES):
        print(reason, file=sys.stderr)
        return 1
    info = build_info(options.version)
    options.dist.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="primer-package-") as staging:
        staging = Path(staging)
        written = [
            write_wheel(stage_package(options.site, staging / "wheel", info), info, options.dist)
        ]
        written += [
            write_zip(options.site, lang, info, options.dist, staging) for lang in LANGUAGES
        ]
    for path in written:
        print(f"{path.stat().st_size / 2**20:6.1f} MB  {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
