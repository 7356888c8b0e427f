"""Newsroom: a test-only news site of generated articles that can change between runs."""

from __future__ import annotations

import contextlib
import gzip
import threading
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

PER_SECTION = 50
EPOCH = datetime(2026, 11, 1, 6, 0, tzinfo=UTC)


@dataclass
class Story:
    slug: str
    published: datetime
    version: int = 1
    updated: datetime | None = None


def article_html(story: Story, base: str, dynamic: bool = False) -> str:
    updated = story.updated or story.published
    paras = "\n".join(
        f"<p>Paragraph {n} of {story.slug}, version {story.version}: the council met again on "
        f"Tuesday and the minister answered questions about the budget for the region.</p>"
        for n in range(1, 6)
    )
    # Like most news sites: bytes that change on every request, around an unchanged article.
    served = f"<!-- served {uuid.uuid4()} -->" if dynamic else ""
    return f"""<!doctype html>{served}
<html lang="en"><head><meta charset="utf-8"><title>{story.slug}</title>
<link rel="canonical" href="{base}/article/{story.slug}">
<meta property="og:type" content="article">
<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "NewsArticle",
"headline": "Story {story.slug}", "datePublished": "{story.published.isoformat()}",
"dateModified": "{updated.isoformat()}", "author": {{"@type": "Person", "name": "Jane Doe"}}}}
</script></head>
<body><article><h1>Story {story.slug}</h1><p class="byline">By Jane Doe</p>
{paras}</article></body></html>"""


class Newsroom:
    """A site on 127.0.0.1: home, section pages, articles, robots.txt and a sitemap.

    ``add()`` publishes stories and ``update()`` edits them (new text, new dateModified and
    sitemap lastmod), between runs of a crawler. With ``sitemap=False`` articles are found only
    by links, with no date evidence; with ``links=False`` only through the sitemap; with
    ``dynamic=True`` article pages differ in every response, the article staying the same. ``extra``
    maps paths (``/prefix*`` for many) to handlers ``(site, path) -> (status, headers, body)``;
    a body that is an iterator of bytes is sent piece by piece (a server trickling a page).
    """

    def __init__(
        self, articles: int = 0, *, sitemap: bool = True, links: bool = True, dynamic: bool = False
    ) -> None:
        self.stories: dict[str, Story] = {}
        self.dynamic = dynamic
        self.sitemap = sitemap
        self.links = links
        self.extra: dict[str, Any] = {}
        self.lock = threading.Lock()
        self.hits: dict[str, int] = {}
        #: ``request.headers``: the headers of the request being answered, in its thread.
        self.request = threading.local()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self._server.site = self  # type: ignore[attr-defined]
        self.base = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self.add(articles)

    def add(self, n: int) -> list[str]:
        with self.lock:
            start = len(self.stories)
            slugs = [f"story-{i:04d}" for i in range(start, start + n)]
            for i, slug in enumerate(slugs, start):
                self.stories[slug] = Story(slug, EPOCH + timedelta(minutes=i))
        return slugs

    def update(self, slugs: list[str]) -> None:
        with self.lock:
            for slug in slugs:
                story = self.stories[slug]
                story.version += 1
                story.updated = EPOCH + timedelta(days=10, minutes=story.version * 10)

    def url(self, path: str = "/") -> str:
        return self.base + path

    def article_urls(self) -> set[str]:
        return {self.url(f"/article/{s}") for s in self.stories}

    def __enter__(self) -> Newsroom:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    # -- pages -------------------------------------------------------------------------------
    def page(self, path: str) -> tuple[int, list[tuple[str, str]], bytes]:
        html = [("Content-Type", "text/html; charset=utf-8")]
        with self.lock:
            stories = list(self.stories.values())
        for key, handler in self.extra.items():
            if path == key or (key.endswith("*") and path.startswith(key[:-1])):
                return handler(self, path)
        if path == "/robots.txt":
            lines = "User-agent: *\nAllow: /\n"
            if self.sitemap:
                lines += f"Sitemap: {self.base}/sitemap.xml\n"
            return 200, [("Content-Type", "text/plain")], lines.encode()
        if path == "/sitemap.xml" and self.sitemap:
            urls = "".join(
                f"<url><loc>{self.base}/article/{s.slug}</loc>"
                f"<lastmod>{(s.updated or s.published).isoformat()}</lastmod></url>"
                for s in stories
            )
            body = (
                '<?xml version="1.0" encoding="UTF-8"?>'
                f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
            )
            return 200, [("Content-Type", "application/xml")], body.encode()
        if path == "/":
            n = len(stories) if self.links else 0
            sections = range(1, (n + PER_SECTION - 1) // PER_SECTION + 1)
            links = "".join(f'<li><a href="/section/{n}">Section {n}</a></li>' for n in sections)
            extra = [p.replace("*", "0") for p in self.extra]
            links += "".join(f'<li><a href="{p}">{p}</a></li>' for p in extra)
            return 200, html, f"<html><body><h1>Home</h1><ul>{links}</ul></body></html>".encode()
        if path.startswith("/section/"):
            n = int(path.rsplit("/", 1)[1] or 0)
            chunk = stories[(n - 1) * PER_SECTION : n * PER_SECTION]
            links = "".join(f'<li><a href="/article/{s.slug}">{s.slug}</a></li>' for s in chunk)
            return 200, html, f"<html><body><ul>{links}</ul></body></html>".encode()
        if path.startswith("/article/"):
            story = self.stories.get(path.rsplit("/", 1)[1])
            if story is not None:
                return 200, html, article_html(story, self.base, self.dynamic).encode()
        return 404, html, b"<html><body>Not found</body></html>"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: Any

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        site: Newsroom = self.server.site
        path = urlsplit(self.path).path
        site.request.headers = self.headers
        with site.lock:
            site.hits[path] = site.hits.get(path, 0) + 1
        status, headers, body = site.page(path)
        self.send_response(status)
        names = {k.lower() for k, _ in headers}
        for k, v in headers:
            self.send_header(k, v)
        if "content-length" not in names:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        # The crawler may give up on a huge page: that is the point.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            if isinstance(body, bytes):
                self.wfile.write(body)
                return
            for piece in body:  # a body sent piece by piece, as its handler yields them
                self.wfile.write(piece)
                self.wfile.flush()


def gzip_bomb(size: int) -> tuple[int, list[tuple[str, str]], bytes]:
    """A page whose gzip body is tiny and decompresses to ``size`` bytes."""
    body = gzip.compress(b"<html><body>" + b" " * size, compresslevel=9)
    return 200, [("Content-Type", "text/html"), ("Content-Encoding", "gzip")], body


# -- running the crawler against it ---------------------------------------------------------
def crawl_command(start: str, out: Any, *settings: str) -> list[str]:
    """``scrapy crawl news`` writing everything under ``out``, fast and with no politeness."""
    from tests.conftest import BIN

    base = {
        "ARCHIVER_WARC_DIR": out / "warc",
        "ARCHIVER_STATE_DIR": out / "state",
        "ARCHIVER_LOCK_DIR": out / "locks",
        "ARCHIVER_RUN_LOG": out / "runs.log",
        "ARCHIVER_DEFAULT_FEED": out / "news.jsonl",
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False,
        # One extraction process, not one per core: the pool is still what extracts, and tests
        # running in parallel (pytest -n) do not each start a process per core.
        "ARCHIVER_EXTRACT_WORKERS": 1,
        "LOG_LEVEL": "INFO",
    }
    args = [str(BIN / "scrapy"), "crawl", "news", "-a", f"start={start}"]
    for k, v in base.items():
        args += ["-s", f"{k}={v}"]
    for s in settings:
        args += ["-s", s]
    return args


def last_summary(out: Any) -> dict[str, str]:
    """The fields of the last line of ``out/runs.log``: {"new": "3", "finish": "finished"...}."""
    line = (out / "runs.log").read_text().splitlines()[-1]
    return dict(f.split("=", 1) for f in line.split() if "=" in f)
