"""Lighthouse's mobile scores for the built site, served with gzip as GitHub Pages serves it.

``nox -s bench -- lighthouse [--runs 3] [--only PAGE ...] [--label NAME]`` serves
``docs/_build/html`` on 127.0.0.1 (text files gzip-compressed when the browser accepts it),
runs Lighthouse 12 (``benchmarks/lighthouse/package.json`` pins it: Lighthouse 13 needs
Node 22) with its default mobile profile (a mid-range phone on a simulated slow 4G) on the
system's Chromium, ``--runs`` times per page, and keeps each page's median performance
score with the accessibility score, first contentful paint, largest contentful paint, total
blocking time, cumulative layout shift and bytes transferred, and the failed accessibility
audits. The pages: every lesson, the home page and search, in both languages (``--only
en/index.html`` for some). It prints a table and writes
``benchmarks/results/lighthouse-<label>.json``.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import io
import json
import os
import statistics
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from mnist import REPO, describe_machine, write_report

from primer.build.browser import require_chromium
from primer.build.node import npm_ci

SITE = REPO / "docs" / "_build" / "html"
TOOLS = REPO / "benchmarks" / "lighthouse"
LIGHTHOUSE = TOOLS / "node_modules" / "lighthouse" / "cli" / "index.js"
COMPRESSED = (".html", ".js", ".css", ".json", ".svg", ".txt", ".xml", ".map")
LANGUAGES = ("en", "zh_CN")


class GzipHandler(SimpleHTTPRequestHandler):
    """Static files, text ones gzip-compressed for browsers that accept it."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.suffix in COMPRESSED and path.is_file()):
            return super().send_head()
        body = compressed(path, path.stat().st_mtime)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, format, *args):
        pass


@functools.cache
def compressed(path: Path, mtime: float) -> bytes:
    return gzip.compress(path.read_bytes(), compresslevel=6)


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        """A browser that closes a connection early (Lighthouse does) is no error."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def serve(site: Path) -> tuple[ThreadingHTTPServer, str]:
    handler = functools.partial(GzipHandler, directory=str(site))
    server = QuietServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def course_pages(site: Path) -> list[str]:
    """Every lesson, the home page and search, in both languages."""
    course = json.loads((site / "en" / "course.json").read_text(encoding="utf-8"))
    lessons = [lesson["page"] for lesson in course["lessons"]]
    pages = ["index.html", *lessons, "search.html"]
    return [f"{language}/{page}" for language in LANGUAGES for page in pages]


def lighthouse(url: str) -> dict:
    """One Lighthouse run (mobile, its default): the scores and measures this report keeps."""
    command = [
        "node", str(LIGHTHOUSE), url, "--output=json", "--output-path=stdout", "--quiet",
        "--only-categories=performance,accessibility",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
    ]  # fmt: skip
    env = {**os.environ, "CHROME_PATH": require_chromium()}
    completed = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    if completed.returncode != 0:
        raise SystemExit(f"lighthouse failed on {url}:\n{completed.stderr[-2000:]}")
    result = json.loads(completed.stdout)
    audits, categories = result["audits"], result["categories"]
    failed = [
        audit["id"]
        for ref in categories["accessibility"]["auditRefs"]
        if (audit := audits[ref["id"]])["score"] is not None and audit["score"] < 1
        and ref["weight"] > 0
    ]  # fmt: skip
    return {
        "performance": round(categories["performance"]["score"] * 100),
        "accessibility": round(categories["accessibility"]["score"] * 100),
        "fcp_ms": round(audits["first-contentful-paint"]["numericValue"]),
        "lcp_ms": round(audits["largest-contentful-paint"]["numericValue"]),
        "tbt_ms": round(audits["total-blocking-time"]["numericValue"]),
        "cls": round(audits["cumulative-layout-shift"]["numericValue"], 3),
        "bytes": round(audits["total-byte-weight"]["numericValue"]),
        "accessibility_failed": failed,
    }


def median_run(runs: list[dict]) -> dict:
    """The run with the median performance score (Lighthouse's own advice for several runs)."""
    ordered = sorted(runs, key=lambda run: run["performance"])
    return {**ordered[len(ordered) // 2], "performance_runs": [r["performance"] for r in runs]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", nargs="+", help="pages, as en/index.html")
    parser.add_argument("--label", default="current", help="the report's name suffix")
    parser.add_argument("--site", type=Path, default=SITE)
    options = parser.parse_args(argv)
    npm_ci(TOOLS)
    pages = options.only or course_pages(options.site)
    server, base = serve(options.site)
    results = {}
    try:
        for page in pages:
            results[page] = median_run([lighthouse(base + page) for _ in range(options.runs)])
            r = results[page]
            print(f"{page:<52} perf {r['performance']:>3} {r['performance_runs']}  a11y "
                  f"{r['accessibility']:>3}  FCP {r['fcp_ms'] / 1000:4.1f} s  LCP "
                  f"{r['lcp_ms'] / 1000:4.1f} s  CLS {r['cls']:5.3f}  "
                  f"{r['bytes'] / 1024:6.0f} KiB  "
                  f"{' '.join(r['accessibility_failed'])}", flush=True)  # fmt: skip
    finally:
        server.shutdown()
    performance = [r["performance"] for r in results.values()]
    report = {
        "benchmark": "lighthouse",
        "machine": describe_machine(),
        "profile": "Lighthouse 12.2.3 default (mobile, simulated slow 4G), gzip",
        "runs_per_page": options.runs,
        "pages": results,
        "median_performance": statistics.median(performance),
        "min_performance": min(performance),
        "min_accessibility": min(r["accessibility"] for r in results.values()),
    }
    print(f"performance: median {report['median_performance']}, min {report['min_performance']}"
          f" | accessibility: min {report['min_accessibility']}")  # fmt: skip
    print(f"written: {write_report(report, f'lighthouse-{options.label}')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
