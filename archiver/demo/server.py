"""DemoSite: serves the bundled demo news site (or any folder of pages) from 127.0.0.1."""

from __future__ import annotations

import argparse
import contextlib
import gzip
import logging
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

SITE_DIR = Path(__file__).with_name("site")
BASE_MARK = b"{{BASE}}"

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".gz": "application/gzip",
}

logger = logging.getLogger(__name__)


class _Handler(BaseHTTPRequestHandler):
    # HTTP/1.1 so that chunked transfer and keep-alive happen as on real sites.
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("demo site: " + format, *args)

    def _resolve(self, path: str) -> Path | None:
        root = self.server.root
        rel = path.lstrip("/") or "index.html"
        candidates = [root / rel]
        if not Path(rel).suffix:
            candidates.append(root / f"{rel.rstrip('/')}.html")
        for c in candidates:
            c = c.resolve()
            if c.is_file() and c.is_relative_to(root.resolve()):
                return c
        return None

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        server = self.server
        with server.lock:
            server.requests.append((time.monotonic(), self.path, self.headers.get("User-Agent")))
            canned = server.routes.get(path)
            status, headers = canned.pop(0) if canned else (None, {})
        if status is not None:
            self._send(status, b"<html><body><h1>Slow down</h1></body></html>", "text/html",
                       list(headers.items()))  # fmt: skip
            return
        file = self._resolve(path)
        if file is None and path.endswith(".gz") and (plain := self._resolve(path[:-3])):
            # A .gz file served as such (no Content-Encoding), made from its plain twin so that
            # {{BASE}} is filled in: gzip sitemaps as sites publish them.
            body = plain.read_bytes().replace(BASE_MARK, server.base_url.encode())
            self._send(200, gzip.compress(body, mtime=0), "application/gzip")
            return
        if file is None:
            self._send(404, b"<html><body><h1>Not found</h1></body></html>", "text/html")
            return
        body = file.read_bytes().replace(BASE_MARK, self.server.base_url.encode())
        ctype = CONTENT_TYPES.get(file.suffix, "application/octet-stream")
        extra: list[tuple[str, str]] = []
        if path in ("/", "/index.html"):
            # Two Set-Cookie headers: the archive must keep both.
            extra = [("Set-Cookie", "session=demo; Path=/"), ("Set-Cookie", "consent=no; Path=/")]
            self._send(200, body, ctype, extra, chunked=True)
            return
        if "/article/" in path and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body, mtime=0)
            extra.append(("Content-Encoding", "gzip"))
        self._send(200, body, ctype, extra)

    def _send(
        self,
        status: int,
        body: bytes,
        ctype: str,
        extra: list[tuple[str, str]] = (),  # type: ignore[assignment]
        chunked: bool = False,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        for k, v in extra:
            self.send_header(k, v)
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for i in range(0, len(body), 512):
                part = body[i : i + 512]
                self.wfile.write(f"{len(part):x}\r\n".encode() + part + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")
            return
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    root: Path
    base_url: str
    routes: dict[str, list[tuple[int, dict[str, str]]]]
    requests: list[tuple[float, str, str | None]]
    lock: threading.Lock


class DemoSite:
    """A local HTTP server on an ephemeral port of 127.0.0.1, in a background thread.

    ``{{BASE}}`` in served files becomes the server's base URL, so sitemaps and feeds can hold
    absolute URLs; ``X.gz`` is served gzipped from ``X`` when there is no such file. ``routes``
    maps a path to canned ``(status, headers)`` answers given, in order, before the file (a 429
    with Retry-After, say). ``requests`` lists every request as (monotonic time, path,
    User-Agent). Use as a context manager, or call ``start()`` and ``stop()``.
    """

    def __init__(
        self,
        root: str | Path = SITE_DIR,
        host: str = "127.0.0.1",
        port: int = 0,
        routes: dict[str, list[tuple[int, dict[str, str]]]] | None = None,
    ):
        self.root = Path(root)
        self._server = _Server((host, port), _Handler)
        self._server.root = self.root
        self._server.routes = {k: list(v) for k, v in (routes or {}).items()}
        self._server.requests = self.requests = []
        self._server.lock = threading.Lock()
        h, p = self._server.server_address[:2]
        self._server.base_url = self.base_url = f"http://{h}:{p}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def url(self, path: str = "/") -> str:
        return self.base_url + path

    def start(self) -> DemoSite:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> DemoSite:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve the demo news site on 127.0.0.1.")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--root", default=str(SITE_DIR))
    args = parser.parse_args(argv)
    site = DemoSite(args.root, port=args.port)
    print(f"Serving {args.root} at {site.base_url}/ (Ctrl-C to stop)", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        site._server.serve_forever()


if __name__ == "__main__":
    main()
