"""Crawl speed and memory: our archiving crawl beside plain Scrapy, same local site, same run.

Serves N generated article pages from 127.0.0.1, crawls them once with a plain Scrapy spider
(follow links, nothing else) and once with `scrapy crawl news` (WARC archiving, extraction,
JSONL feed), and prints pages per second and peak memory of each; then both again at
``--memory-pages`` (20000) for their peak memory at the larger size.

    .venv/bin/python benchmarks/crawl.py --pages 5000
"""

from __future__ import annotations

import argparse
import datetime
import re
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
WORDS = "the minister said on tuesday that reports of the survey were not yet final".split()  # noqa: SIM905

PLAIN_SPIDER = textwrap.dedent(
    """
    import scrapy

    class Plain(scrapy.Spider):
        name = "plain"

        def parse(self, response):
            yield {"url": response.url, "title": response.css("title::text").get()}
            yield from response.follow_all(css="a", callback=self.parse)
    """
)


def article(n: int, total: int) -> bytes:
    paras = "".join(
        f"<p>{' '.join(WORDS[(n + i + j) % len(WORDS)] for j in range(40))}.</p>" for i in range(8)
    )
    links = "".join(f'<li><a href="/a/{(n * 7 + k) % total}">Story {k}</a></li>' for k in range(5))
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Story {n}</title>"
        f"<meta property='og:type' content='article'></head><body><article><h1>Story {n}</h1>"
        f"<p class='byline'>By Jane Doe</p><time datetime='2024-03-0{1 + n % 9}T10:00:00+00:00'>"
        f"</time>{paras}</article><ul class='related'>{links}</ul></body></html>"
    ).encode()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    total = 1000

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        status, ctype = 200, "text/html; charset=utf-8"
        if self.path == "/robots.txt":
            body, ctype = b"User-agent: *\nAllow: /\n", "text/plain"
        elif self.path == "/":
            # A front page of listing pages, 50 stories each, as news sites paginate sections.
            pages = range((self.total + 49) // 50)
            links = "".join(f'<a href="/list/{n}">Page {n}</a> ' for n in pages)
            body = f"<html><body><h1>Front</h1>{links}</body></html>".encode()
        elif m := re.fullmatch(r"/list/(\d+)", self.path):
            first = int(m.group(1)) * 50
            stories = range(first, min(first + 50, self.total))
            links = "".join(f'<li><a href="/a/{n}">Story {n}</a></li>' for n in stories)
            body = f"<html><body><h1>Latest</h1><ul>{links}</ul></body></html>".encode()
        elif m := re.fullmatch(r"/a/(\d+)", self.path):
            body = article(int(m.group(1)), self.total)
        else:
            status, body, ctype = 404, b"not found", "text/plain"
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def stats_of(log: str) -> dict:
    start = log.rfind("Dumping Scrapy stats:")
    text = log[log.index("{", start) : log.index("}", start) + 1]
    return eval(text, {"datetime": datetime})  # the log's own pprint of the stats dict


def family(pid: int) -> set[int]:
    """A process and its descendants (extraction workers, a browser's processes), from /proc."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            # The command name may hold spaces and parentheses: split after it.
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
    found, grew = {pid}, True
    while grew:
        new = {child for child, parent in parents.items() if parent in found} - found
        found |= new
        grew = bool(new)
    return found


def tree_rss(pid: int) -> int:
    """Resident bytes of a process and its descendants, from /proc."""
    total = 0
    for member in family(pid):
        try:
            total += int(Path(f"/proc/{member}/stat").read_text().rsplit(")", 1)[1].split()[21])
        except (OSError, IndexError, ValueError):
            continue  # ended meanwhile
    return total * 4096  # resident pages


def run(
    cmd: list[str], cwd: Path, memory: Callable[[int], int] = tree_rss
) -> tuple[float, dict, int]:
    """Seconds, Scrapy stats and peak memory (``memory`` of the process tree: resident bytes
    by default) of the crawl's processes together."""
    t0 = time.perf_counter()
    with tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=err, text=True)
        peak = 0
        while proc.poll() is None:
            peak = max(peak, memory(proc.pid))
            time.sleep(0.25)
        elapsed = time.perf_counter() - t0
        err.seek(0)
        log = err.read()
    if proc.returncode:
        sys.exit(f"crawl failed: {' '.join(map(str, cmd))}\n{log[-2000:]}")
    return elapsed, stats_of(log), peak


def crawl_both(pages: int, concurrency: int) -> tuple[tuple, tuple]:
    """(seconds, stats, peak bytes) of the plain crawl and of ours, over one served site."""
    Handler.total = pages
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    common = [
        "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
        "-s", f"CONCURRENT_REQUESTS={concurrency}",
        "-s", f"CONCURRENT_REQUESTS_PER_DOMAIN={concurrency}",
        "-s", "LOG_LEVEL=INFO", "-s", "MEMUSAGE_ENABLED=True", "-s", "DEPTH_LIMIT=0",
        "-s", "MEMUSAGE_CHECK_INTERVAL_SECONDS=0.5",
    ]  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        # Run outside the project (no scrapy.cfg in tmp): Scrapy's own defaults only.
        (tmpdir / "plain.py").write_text(PLAIN_SPIDER + f"\nPlain.start_urls = [{base!r}]\n")
        plain_cmd = [str(BIN / "scrapy"), "runspider", "plain.py", *common]
        plain_cmd += ["-O", str(tmpdir / "plain.jsonl"), "-s", "TELNETCONSOLE_ENABLED=False"]
        ours_cmd = [str(BIN / "scrapy"), "crawl", "news", "-a", f"start={base}", *common]
        ours_cmd += ["-O", str(tmpdir / "ours.jsonl"), "-s", f"ARCHIVER_WARC_DIR={tmpdir / 'w'}"]
        plain = run(plain_cmd, tmpdir)
        ours = run(ours_cmd, ROOT)
    server.shutdown()
    return plain, ours


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument(
        "--memory-pages",
        type=int,
        default=20000,
        help="crawl both again at this size, for peak memory beside --pages' (0: not)",
    )
    args = parser.parse_args()
    (plain_t, plain, plain_peak), (ours_t, ours, ours_peak) = crawl_both(
        args.pages, args.concurrency
    )

    def row(name: str, secs: float, st: dict, peak: int) -> str:
        pages = st.get("response_received_count", 0)
        mem = st.get("memusage/max", 0) / 2**20
        grow = (st.get("memusage/max", 0) - st.get("memusage/startup", 0)) / 2**20
        items = st.get("item_scraped_count", 0)
        return (
            f"{name:<28}{pages:>7}{items:>7}{pages / secs:>10.1f}{mem:>10.1f}{grow:>10.1f}"
            f"{peak / 2**20:>10.1f}{secs:>9.1f}"
        )

    print(f"{args.pages} generated article pages on 127.0.0.1, concurrency {args.concurrency}")
    head = ("crawl", "pages", "items", "pages/s", "peak MB", "grew MB", "all MB", "secs")
    widths = (7, 7, 10, 10, 10, 10, 9)
    print(f"{head[0]:<28}" + "".join(f"{h:>{w}}" for h, w in zip(head[1:], widths, strict=True)))
    print(row("plain Scrapy (anchor)", plain_t, plain, plain_peak))
    print(row("news-archiver (WARC+extract)", ours_t, ours, ours_peak))
    speed = (ours["response_received_count"] / ours_t) / (
        plain["response_received_count"] / plain_t
    )
    print(f"news-archiver crawls at {speed:.2f}x plain Scrapy's pages/s")
    print("(peak MB: the crawl process; all MB: with its extraction workers)")
    if args.memory_pages:
        (_, plain2, plain2_peak), (_, ours2, ours2_peak) = crawl_both(
            args.memory_pages, args.concurrency
        )
        print(f"\npeak memory, MB (crawl process / with workers) at {args.pages} and "
              f"{args.memory_pages} pages:")  # fmt: skip
        for name, a, a_peak, b, b_peak in (
            ("plain Scrapy (anchor)", plain, plain_peak, plain2, plain2_peak),
            ("news-archiver", ours, ours_peak, ours2, ours2_peak),
        ):
            print(
                f"{name:<28}{a.get('memusage/max', 0) / 2**20:>8.1f} / {a_peak / 2**20:<8.1f}"
                f"{b.get('memusage/max', 0) / 2**20:>8.1f} / {b_peak / 2**20:<8.1f}"
            )


if __name__ == "__main__":
    main()
