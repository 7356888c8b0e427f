"""Rendering's cost: the same articles crawled over plain HTTP and in headless Chromium.

Serves N articles from 127.0.0.1 twice over: as server-rendered HTML (``/html/``) and as
empty shells that a script fills from a JSON endpoint (``/js/``), the kind of site rendering
is for. Crawls the HTML site with `scrapy crawl news` (the anchor: our crawl without a
browser) and the shell site with `-a render=true`, then renders the shells with Playwright
alone (the browser's own cost: no archive, no extraction), in the same run, and prints pages/s,
articles extracted, WARC records and peak memory of each (PSS of the crawl's process tree:
the browser's processes share pages, which summed resident sizes would count many times).

    .venv/bin/python benchmarks/render.py --pages 200
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from crawl import BIN, ROOT, WORDS, family, run  # noqa: E402 - a sibling script, not a package

from archiver.downloadermiddlewares.warc import RECORDS  # noqa: E402
from archiver.pipelines.article import PAGES_ARTICLE, PAGES_OTHER  # noqa: E402

APP_JS = b"""
document.addEventListener('DOMContentLoaded', function () {
  fetch('/api/' + location.pathname.split('/').pop() + '.json')
    .then(function (r) { return r.json(); })
    .then(function (s) {
      document.title = s.headline;
      var html = '<article><h1>' + s.headline + '</h1><p class="byline">By ' + s.author +
        '</p><time datetime="' + s.published + '"></time>';
      s.paragraphs.forEach(function (p) { html += '<p>' + p + '</p>'; });
      document.getElementById('app').innerHTML = html + '</article>';
    });
});
"""


def tree_pss(pid: int) -> int:
    """Proportional set size of a process tree: Chromium's processes share most of their
    pages, which a sum of resident sizes would count once per process."""
    total = 0
    for member in family(pid):
        try:
            text = Path(f"/proc/{member}/smaps_rollup").read_text()
        except OSError:
            continue
        if m := re.search(r"^Pss:\s+(\d+) kB", text, re.M):
            total += int(m.group(1)) * 1024
    return total


async def bare_browser(base: str, pages: int, concurrency: int) -> tuple[float, int]:
    """Seconds and peak PSS of Playwright alone rendering the shells with the crawl's browser
    and flags: each page opened, loaded, filled, its DOM read, closed; nothing archived."""
    from playwright.async_api import async_playwright

    from archiver.render.setup import BROWSER_ARGS, find_browser

    args = [*BROWSER_ARGS, *(["--no-sandbox"] if os.geteuid() == 0 else [])]
    peak = 0
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=find_browser(), args=args)
        context = await browser.new_context()
        gate = asyncio.Semaphore(concurrency)

        async def render(n: int) -> None:
            nonlocal peak
            async with gate:
                page = await context.new_page()
                await page.goto(f"{base}/js/{n}", wait_until="load")
                await page.wait_for_selector("article")
                await page.content()
                peak = max(peak, tree_pss(os.getpid()))
                await page.close()

        t0 = time.perf_counter()
        await asyncio.gather(*(render(n) for n in range(pages)))
        elapsed = time.perf_counter() - t0
        await browser.close()
    return elapsed, peak


def story(n: int) -> dict:
    return {
        "headline": f"Story {n} of the council's week",
        "author": "Jane Doe",
        "published": f"2024-03-0{1 + n % 9}T10:00:00+00:00",
        "paragraphs": [
            " ".join(WORDS[(n + i + j) % len(WORDS)] for j in range(40)) + "." for i in range(8)
        ],
    }


def static_page(n: int) -> bytes:
    s = story(n)
    paras = "".join(f"<p>{p}</p>" for p in s["paragraphs"])
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{s['headline']}"
        f"</title></head><body><article><h1>{s['headline']}</h1><p class='byline'>By "
        f"{s['author']}</p><time datetime='{s['published']}'></time>{paras}</article></body></html>"
    ).encode()


SHELL = (
    b"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Loading</title>"
    b"<script src='/static/app.js'></script></head><body><div id='app'>Loading</div></body></html>"
)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    total = 100

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        status, ctype, body = 200, "text/html; charset=utf-8", b""
        if self.path == "/robots.txt":
            body, ctype = b"User-agent: *\nAllow: /\n", "text/plain"
        elif m := re.fullmatch(r"/(html|js)/", self.path):
            links = "".join(f'<a href="/{m.group(1)}/{n}">{n}</a> ' for n in range(self.total))
            body = f"<html><body><h1>Latest</h1>{links}</body></html>".encode()
        elif m := re.fullmatch(r"/html/(\d+)", self.path):
            body = static_page(int(m.group(1)))
        elif re.fullmatch(r"/js/(\d+)", self.path):
            body = SHELL
        elif self.path == "/static/app.js":
            body, ctype = APP_JS, "application/javascript"
        elif m := re.fullmatch(r"/api/(\d+)\.json", self.path):
            body, ctype = json.dumps(story(int(m.group(1)))).encode(), "application/json"
        else:
            status, body, ctype = 404, b"not found", "text/plain"
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument(
        "-s", dest="settings", action="append", default=[], help="NAME=VALUE for both crawls"
    )
    args = parser.parse_args()
    Handler.total = args.pages
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    common = [
        "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
        "-s", f"CONCURRENT_REQUESTS={args.concurrency}",
        "-s", f"CONCURRENT_REQUESTS_PER_DOMAIN={args.concurrency}",
        "-s", f"ARCHIVER_RENDER_PAGES={args.concurrency}",
        "-s", "LOG_LEVEL=INFO", "-s", "ARCHIVER_STATE_ENABLED=False",
    ]  # fmt: skip
    for setting in args.settings:
        common += ["-s", setting]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, start, extra in (
            ("plain HTTP, HTML site (anchor)", f"{base}/html/", []),
            ("rendered, script-filled site", f"{base}/js/", ["-a", "render=true"]),
        ):
            out = Path(tmp) / name.split(",")[0].replace(" ", "_")
            cmd = [str(BIN / "scrapy"), "crawl", "news", "-a", f"start={start}", *extra, *common]
            cmd += ["-O", str(out / "items.jsonl"), "-s", f"ARCHIVER_WARC_DIR={out / 'warc'}"]
            secs, stats, peak = run(cmd, ROOT, memory=tree_pss)
            rows.append((name, secs, stats, peak))
    bare_secs, bare_peak = asyncio.run(bare_browser(base, args.pages, args.concurrency))
    server.shutdown()

    print(f"{args.pages} articles on 127.0.0.1, {args.concurrency} at once")
    print(
        f"{'crawl':<32}{'pages':>7}{'items':>7}{'pages/s':>9}{'records':>9}{'PSS MB':>9}{'secs':>7}"
    )
    for name, secs, st, peak in rows:
        pages = st.get(PAGES_ARTICLE, 0) + st.get(PAGES_OTHER, 0)
        print(
            f"{name:<32}{pages:>7}{st.get('item_scraped_count', 0):>7}{pages / secs:>9.1f}"
            f"{st.get(RECORDS, 0):>9}{peak / 2**20:>9.1f}{secs:>7.1f}"
        )
    print(
        f"{'bare Playwright, same shells':<32}{args.pages:>7}{'-':>7}"
        f"{args.pages / bare_secs:>9.1f}{'-':>9}{bare_peak / 2**20:>9.1f}{bare_secs:>7.1f}"
    )
    (_, t0, s0, _), (_, t1, s1, _) = rows
    p0 = s0.get(PAGES_ARTICLE, 0) + s0.get(PAGES_OTHER, 0)
    p1 = s1.get(PAGES_ARTICLE, 0) + s1.get(PAGES_OTHER, 0)
    print(f"rendering crawls at {(p1 / t1) / (p0 / t0):.2f}x the plain crawl's pages/s")
    print(
        f"and at {(p1 / t1) / (args.pages / bare_secs):.2f}x the pages/s of the browser alone "
        "(no archive, no extraction; its PSS includes this script)"
    )
    print("(PSS MB: peak proportional memory of the crawl, its extraction workers and the browser)")


if __name__ == "__main__":
    main()
