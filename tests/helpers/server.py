"""A local web server that serves the site as GitHub Pages does."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path


class PagesHandler(http.server.SimpleHTTPRequestHandler):
    """Serves ``directory`` at the path ``under``, and answers a missing file as GitHub Pages
    does: with the folder's ``404.html`` (where it has one) and status 404."""

    def __init__(self, *args, under: str = "/", **kwargs):
        self.under = under
        super().__init__(*args, **kwargs)

    def log_message(self, *args):  # one line per request would drown the test output
        pass

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.under):
            return str(Path(self.directory) / ".outside-the-site")  # no such file: a 404
        return super().translate_path("/" + path.removeprefix(self.under))

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def start_server(folder: Path, under: str = "/") -> http.server.ThreadingHTTPServer:
    """A thread-run HTTP server on 127.0.0.1 (any free port) serving ``folder`` at ``under``."""
    handler = functools.partial(PagesHandler, directory=str(folder), under=under)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
