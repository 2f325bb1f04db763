"""Serve the offline PyTorch Primer on this computer and open it in the browser.

``python -m pytorch_primer [--port N] [--language en|zh_CN] [--no-browser]``. The server
binds to 127.0.0.1 only, serves the site's files and nothing else, and runs until Ctrl+C.
"""

from __future__ import annotations

import argparse
import functools
import sys
import webbrowser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

from . import LANGUAGES, SITE, build_info

UPDATE = "pip install --upgrade pytorch-primer"


class SiteHandler(SimpleHTTPRequestHandler):
    """The site's files, with the types browsers need, and no directory listings."""

    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".woff2": "font/woff2",
        ".svg": "image/svg+xml",
        ".ipynb": "application/x-ipynb+json",
    }

    def list_directory(self, path):
        self.send_error(404, "No such page")

    def log_message(self, format, *args):  # one quiet server: errors only
        if args and str(args[1]).startswith(("4", "5")):
            super().log_message(format, *args)


def make_server(port: int) -> ThreadingHTTPServer:
    handler = functools.partial(SiteHandler, directory=str(SITE))
    return ThreadingHTTPServer(("127.0.0.1", port), handler)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pytorch_primer", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--port", type=int, default=8000, help="0 picks a free port (default 8000)")
    parser.add_argument("--language", choices=LANGUAGES, help="open this language's home page")
    parser.add_argument("--no-browser", action="store_true", help="serve without opening a browser")
    options = parser.parse_args(argv)
    if not (SITE / "index.html").exists():
        print(f"{SITE} holds no site: build the package with `nox -s package`", file=sys.stderr)
        return 1
    info = build_info()
    try:
        server = make_server(options.port)
    except OSError as error:
        print(f"port {options.port} is taken ({error}): try --port 0", file=sys.stderr)
        return 1
    page = f"{options.language}/index.html" if options.language else "index.html"
    url = f"http://127.0.0.1:{server.server_address[1]}/{page}"
    print(f"PyTorch Primer {info['version']} (built {info['date']} from commit {info['commit']})")
    print(f"serving {url}  (Ctrl+C stops it)")
    print(f"a newer copy: {UPDATE}", flush=True)
    if not options.no_browser:
        webbrowser.open(url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
