"""A test-only news site whose article pages are empty shells filled by JavaScript from JSON."""

from __future__ import annotations

import contextlib
import gzip
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

#: What the JSON endpoint says of each story; the page's HTML holds none of it.
STORIES = {
    "council-budget-vote": {
        "headline": "Council passes the harbour budget after a long night",
        "author": "Jane Citizen",
        "published": "2026-11-20T09:30:00+11:00",
        "paragraphs": [
            f"Paragraph {n}: the council voted on the harbour budget late on Thursday, and the "
            "mayor said the new ferry wharf would open before the summer holidays began."
            for n in range(1, 7)
        ],
    },
    "river-clean-up": {
        "headline": "Volunteers pull two tonnes of rubbish from the river",
        "author": "Sam Rivers",
        "published": "2026-11-21T14:05:00+11:00",
        "paragraphs": [
            f"Paragraph {n}: more than two hundred volunteers spent Saturday on the banks of "
            "the river, and the organisers said the haul was the largest in ten years."
            for n in range(1, 6)
        ],
    },
}
#: A host the tests block in the profile (render_block): the page asks for a script from it.
TRACKER = "ads.tracker.localhost"

SHELL = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Loading…</title>
<script src="/static/app.js"></script>
<script src="http://{tracker}:{port}/pixel.js"></script>
</head><body><div id="app"><p>Loading…</p></div>
<noscript>This site needs JavaScript.</noscript></body></html>"""

APP_JS = """
document.addEventListener('DOMContentLoaded', function () {
  var slug = location.pathname.split('/').pop();
  fetch('/api/stories/' + slug + '.json').then(function (r) { return r.json(); })
    .then(function (s) {
      document.title = s.headline;
      var app = document.getElementById('app');
      var html = '<article><h1>' + s.headline + '</h1>' +
        '<p class="byline">By <span class="author">' + s.author + '</span></p>' +
        '<time datetime="' + s.published + '">' + s.published.slice(0, 10) + '</time>';
      s.paragraphs.forEach(function (p) { html += '<p>' + p + '</p>'; });
      app.innerHTML = html + '</article>';
      var ld = document.createElement('script');
      ld.type = 'application/ld+json';
      ld.textContent = JSON.stringify({'@context': 'https://schema.org', '@type': 'NewsArticle',
        headline: s.headline, datePublished: s.published,
        author: {'@type': 'Person', name: s.author}});
      document.head.appendChild(ld);
    });
});
"""

#: A tiny PDF (one empty page), served where a page could be.
PDF = (
    b"%PDF-1.1\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
#: A page whose load event never comes while the test holds it: its script is not answered.
HANGING = """<!doctype html><html><head><title>Hanging</title>
<script src="/static/hang.js"></script></head><body><p>Waiting.</p></body></html>"""

HOME = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>JS News</title>
</head><body><h1>JS News</h1><ul>{links}</ul></body></html>"""


class JsNewsSite:
    """Serves the site on 127.0.0.1: ``/`` links the stories, ``/news/<slug>`` is a shell,
    ``/more`` links ``/news/hanging``, whose script is held until ``release`` is set;
    ``/static/app.js`` fills it from ``/api/stories/<slug>.json`` (gzip-encoded, as CDNs
    send JSON). ``hits`` counts the requests per path."""

    def __init__(self) -> None:
        site = self
        self.hits: dict[str, int] = {}
        #: /static/hang.js is answered once this is set (the test's end at the latest).
        self.release = threading.Event()
        #: Set when the browser asked for /static/hang.js: a page is open in it.
        self.hanging = threading.Event()

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                site.hits[self.path] = site.hits.get(self.path, 0) + 1
                status, headers, body = site.page(self.path)
                self.send_response(status)
                for k, v in headers:
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(body)  # the browser gave up on a held response

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def page(self, path: str) -> tuple[int, list[tuple[str, str]], bytes]:
        html = [("Content-Type", "text/html; charset=utf-8")]
        if path == "/":
            links = "".join(f'<li><a href="/news/{s}">{s}</a></li>' for s in STORIES)
            return 200, html, HOME.format(links=links).encode()
        if path == "/robots.txt":
            return 200, [("Content-Type", "text/plain")], b"User-agent: *\nAllow: /\n"
        if path.startswith("/news/") and path.removeprefix("/news/") in STORIES:
            return 200, html, SHELL.format(tracker=TRACKER, port=self.port).encode()
        if path == "/news/annual-report":  # a PDF at a page-like URL
            return 200, [("Content-Type", "application/pdf")], PDF
        if path == "/more":
            return 200, html, HOME.format(links='<li><a href="/news/hanging">h</a></li>').encode()
        if path == "/news/hanging":
            return 200, html, HANGING.encode()
        if path == "/static/hang.js":
            self.hanging.set()
            self.release.wait()
            return 200, [("Content-Type", "application/javascript")], b"// late"
        if path == "/static/app.js":
            return 200, [("Content-Type", "application/javascript")], APP_JS.encode()
        if path.startswith("/api/stories/") and path.endswith(".json"):
            story = STORIES.get(path.removeprefix("/api/stories/").removesuffix(".json"))
            if story is not None:
                body = gzip.compress(json.dumps(story).encode())
                headers = [("Content-Type", "application/json"), ("Content-Encoding", "gzip")]
                return 200, headers, body
        return 404, [("Content-Type", "text/plain")], b"not found"

    def __enter__(self) -> JsNewsSite:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()
