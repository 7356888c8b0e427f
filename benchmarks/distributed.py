"""Distributed crawl: 2 and 3 workers sharing one Redis beside one worker, and the state's cost.

Three measurements, each figure printed beside its anchor of the same run:

1. Crawls by 1, 2 and 3 workers (``scrapy crawl news -a start=URL -s ARCHIVER_REDIS_URL=...
   -s ARCHIVER_REDIS_WORKER=wN``, each worker in its own temporary folder, as on separate
   machines) of local sites whose article pages answer after a random 50-200 ms (slept in
   the server's thread), with DOWNLOAD_DELAY=0, no AutoThrottle, CONCURRENT_REQUESTS_PER_DOMAIN=4,
   ARCHIVER_REDIS_IDLE_TIMEOUT=1 and ARCHIVER_REDIS_LEASE_TTL=5: the machinery, not our
   politeness. Pages/s of the whole cluster (articles exported over the wall time from the
   first worker's start to the last one's exit) beside the one-worker figure; every run is
   checked to export each article exactly once over the workers' feeds.

   - One site of ``--pages`` articles, on 127.0.0.1.
   - Twenty sites of ``--pages``/20 articles each, as one crawl: ``-a start=`` takes
     comma-separated start URLs, and a start of several hosts is one crawl of all of them
     (its crawl key joins the hosts), so the K workers share one run of the twenty sites.
     Each site has its own loopback address (127.0.0.2 to 127.0.0.21): Scrapy's download
     slots, hence CONCURRENT_REQUESTS_PER_DOMAIN and the cluster's per-site budget, go by
     host name, not port, so twenty sites on 127.0.0.1 would share one budget, which twenty
     real sites do not. Rejected: one crawl per site with K workers each, all at once (20K
     processes, 60 at K=3 with their extraction workers: on 2 cores that measures the
     machine's scheduler), and the sites one after another (each crawl process pays some
     15-20 s of start, idle timeout and exit on this shared box: 20 sites x 3 cluster sizes
     is far beyond the ten minutes this benchmark may take, and measures process starts).

   All workers share this machine's cores (printed, with the load average), each with the
   project's extraction workers (one per core): each figure is what K workers on one box do,
   a floor for K machines; CPU ms/page (the workers' process trees, from getrusage) says when
   the box, not the sites, bounds a figure. serving/s leaves out what every crawl process
   pays once (start, the idle timeout, exit): articles over the span from the first article
   request the sites saw to the last answer. The in-flight column counts the article
   requests one site answered at once: at most 4 once a site has one politeness budget for
   the whole cluster, and more while each worker keeps its own or while Scrapy 2.19 starts
   a slot's whole queue at once with DOWNLOAD_DELAY=0 (the project's Downloader fixing it is
   being landed with the budget); the note under each table reads it.
2. The per-page cost of the shared state beside SQLite: ``record_version`` and ``get`` of
   ``--state-rows`` synthetic rows shaped like real ones (long URLs, sha1 digests, WARC file
   names, record ids, ISO dates) through ``SqliteState`` (the anchor) and ``RedisState`` on a
   Redis server without persistence and on one with ``--appendonly yes --appendfsync
   everysec`` (the README's production setting), microseconds per call.
3. Redis memory per 100,000 articles: ``used_memory`` before and after writing those rows
   through ``RedisState`` (scaled to 100,000 when ``--state-rows`` is another number), beside
   the SQLite file's size and the AOF's.

The Redis servers are started here (``redis-server`` on free ports of 127.0.0.1, files in a
temporary folder) and stopped at the end; the crawls use the AOF one, as production would.

    .venv/bin/python benchmarks/distributed.py
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from pathlib import Path

import redis

sys.path.insert(0, str(Path(__file__).resolve().parent))
from crawl import BIN, Handler, run  # noqa: E402 - a sibling script, not a package

from archiver.core.scheduler import RUN_STAT  # noqa: E402
from archiver.state.shared import RedisState  # noqa: E402
from archiver.state.sqlite import SqliteState  # noqa: E402

#: The politeness settings that the crawls override, so that they measure the machinery.
PER_SITE = 4
CRAWL_SETTINGS = [
    "DOWNLOAD_DELAY=0",
    "AUTOTHROTTLE_ENABLED=False",
    f"CONCURRENT_REQUESTS_PER_DOMAIN={PER_SITE}",
    "ARCHIVER_REDIS_IDLE_TIMEOUT=1",
    "ARCHIVER_REDIS_LEASE_TTL=5",
]
#: Seconds an article page waits before its answer, at random between the two.
LATENCY = (0.05, 0.2)


class SlowHandler(Handler):
    """crawl.py's generated site; each article answered after LATENCY, counted while in flight."""

    site: Site

    def do_GET(self) -> None:
        if not self.path.startswith("/a/"):
            super().do_GET()
            return
        self.site.enter()
        try:
            time.sleep(random.uniform(*LATENCY))  # in this request's thread, as a slow backend
            super().do_GET()
        finally:
            self.site.leave()


class Site:
    """One local news site of ``articles`` article pages on a port of ``host`` (loopback)."""

    def __init__(self, articles: int, host: str = "127.0.0.1") -> None:
        self.articles = articles
        self.lock = threading.Lock()
        self.inflight = 0
        self.peak = 0  # most article requests answered at once since the last reset
        # First article request and last article answer since the last reset (perf_counter).
        self.first = float("inf")
        self.last = 0.0
        handler = type("SiteHandler", (SlowHandler,), {"total": articles, "site": self})
        self.server = ThreadingHTTPServer((host, 0), handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://{host}:{self.server.server_address[1]}/"

    def reset(self) -> None:
        with self.lock:
            self.peak, self.first, self.last = 0, float("inf"), 0.0

    def enter(self) -> None:
        with self.lock:
            self.inflight += 1
            self.peak = max(self.peak, self.inflight)
            self.first = min(self.first, time.perf_counter())

    def leave(self) -> None:
        with self.lock:
            self.inflight -= 1
            self.last = max(self.last, time.perf_counter())

    def article_urls(self) -> set[str]:
        return {f"{self.url}a/{n}" for n in range(self.articles)}

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisServer:
    """A redis-server of our own on a free port, its files in ``folder``; stopped by close()."""

    def __init__(self, folder: Path, *options: str) -> None:
        folder.mkdir(parents=True)
        self.folder = folder
        port = free_port()
        cmd = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder)]
        cmd += ["--save", "", *options]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        self.url = f"redis://127.0.0.1:{port}/0"
        self.client = redis.Redis.from_url(self.url)
        deadline = time.monotonic() + 20
        while True:
            try:
                self.client.ping()
                break
            except redis.ConnectionError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    sys.exit(f"redis-server did not start: {' '.join(cmd)}")
                time.sleep(0.05)

    def used_memory(self) -> int:
        return int(self.client.info("memory")["used_memory"])

    def close(self) -> None:
        self.client.close()
        self.proc.terminate()
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


# -- 1. crawls ----------------------------------------------------------------------------------
@dataclass
class ClusterRun:
    """What K workers did in one crawl of a list of sites."""

    workers: int
    secs: float = 0.0
    serving: float = 0.0  # from the first article request the sites saw to the last answer
    exported: int = 0
    cpu: float = 0.0  # processor seconds of the workers and their extraction processes
    peak_inflight: int = 0  # most article requests one site answered at once
    peak_rss: int = 0  # largest worker (crawl process and its extraction processes)
    runs_started: int = 0  # cluster runs: one, unless a worker came after the run had ended
    warnings: list[str] = field(default_factory=list)


def children_cpu() -> float:
    # Ended children and the descendants they waited for (extraction processes): the workers'
    # whole cost, and nothing of the HTTP servers (threads of this process) or redis-server.
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def worker_command(sites: list[Site], name: str, redis_url: str, feed: Path) -> list[str]:
    start = ",".join(site.url for site in sites)
    cmd = [str(BIN / "scrapy"), "crawl", "news", "-a", f"start={start}"]
    for setting in [f"ARCHIVER_REDIS_URL={redis_url}", f"ARCHIVER_REDIS_WORKER={name}"]:
        cmd += ["-s", setting]
    for setting in CRAWL_SETTINGS:
        cmd += ["-s", setting]
    return [*cmd, "-O", str(feed)]


def crawl_cluster(sites: list[Site], workers: int, server: RedisServer, tmp: Path) -> ClusterRun:
    """One crawl of ``sites`` by ``workers`` workers started together, each in its folder."""
    # A fresh state: the Redis state outlives runs, and a second crawl of the sites would
    # revisit their articles instead of exporting them.
    server.client.flushall()
    for site in sites:
        site.reset()
    result = ClusterRun(workers)
    homes = [Path(tempfile.mkdtemp(prefix=f"w{k}-", dir=tmp)) for k in range(1, workers + 1)]
    feeds = [home / "articles.jsonl" for home in homes]
    cmds = [
        worker_command(sites, f"w{k}", server.url, feed) for k, feed in enumerate(feeds, start=1)
    ]
    cpu0 = children_cpu()
    t0 = time.perf_counter()
    # crawl.run() waits for one process: one thread per worker, all started at once.
    with ThreadPoolExecutor(workers) as pool:
        done = [pool.submit(run, cmd, home) for cmd, home in zip(cmds, homes, strict=True)]
        outcomes = [f.result() for f in done]  # a failed worker's sys.exit is raised here
    result.secs = time.perf_counter() - t0
    result.cpu = children_cpu() - cpu0
    result.serving = max(site.last for site in sites) - min(site.first for site in sites)
    result.peak_inflight = max(site.peak for site in sites)
    for _secs, stats, peak in outcomes:
        result.peak_rss = max(result.peak_rss, peak)
        result.runs_started += stats.get(RUN_STAT) == "started"
    result.exported = check_feeds(sites, feeds, result.warnings)
    if result.runs_started != 1:
        result.warnings.append(
            f"{result.runs_started} cluster runs: a worker started after the run had ended "
            "and crawled the sites again"
        )
    for home in homes:
        shutil.rmtree(home, ignore_errors=True)
    return result


def check_feeds(sites: list[Site], feeds: list[Path], warnings: list[str]) -> int:
    """Lines exported over the workers' feeds; a warning unless each article came once."""
    urls: Counter[str] = Counter()
    for feed in feeds:
        if feed.exists():
            for line in feed.read_text().splitlines():
                if line.strip():
                    urls[json.loads(line)["url"]] += 1
    expected = set().union(*(site.article_urls() for site in sites))
    twice = sorted(u for u, n in urls.items() if n > 1)
    missing = sorted(expected - set(urls))
    strays = sorted(set(urls) - expected)
    if twice or missing or strays:
        warnings.append(
            f"{sum(urls.values())} lines for {len(expected)} articles: {len(twice)} exported "
            f"more than once, {len(missing)} missing, {len(strays)} not articles "
            f"(e.g. {(twice + missing + strays)[:3]})"
        )
    return sum(urls.values())


def print_crawls(title: str, results: list[ClusterRun], note: str) -> None:
    print(f"\n{title}")
    head = ("workers", "articles", "secs", "pages/s", "vs 1", "serving/s", "vs 1")
    head += ("CPU ms/page", "in flight", "MB/worker")
    widths = (12, 9, 8, 9, 7, 11, 7, 12, 10, 10)
    print("".join(f"{h:<{w}}" if i == 0 else f"{h:>{w}}" for i, (h, w) in enumerate(
        zip(head, widths, strict=True))))  # fmt: skip
    anchor = next((r for r in results if r.workers == 1), None)

    def vs(value: float, of: float | None) -> str:
        return f"{value / of:.2f}x" if of else "n/a"

    for r in results:
        rate, serving = r.exported / r.secs, r.exported / max(r.serving, 1e-9)
        name = f"{r.workers} (anchor)" if r is anchor else str(r.workers)
        cpu_ms = 1000 * r.cpu / max(r.exported, 1)
        print(
            f"{name:<12}{r.exported:>9}{r.secs:>8.1f}{rate:>9.1f}"
            f"{vs(rate, anchor and anchor.exported / anchor.secs):>7}{serving:>11.1f}"
            f"{vs(serving, anchor and anchor.exported / max(anchor.serving, 1e-9)):>7}"
            f"{cpu_ms:>12.1f}{r.peak_inflight:>10}{r.peak_rss / 2**20:>10.0f}"
        )
    for r in results:
        for w in r.warnings:
            print(f"WARNING ({r.workers} workers): {w}")
    print(
        "serving/s: articles over the span from the first article request the sites saw to "
        "the last answer (without the workers' start, idle timeout and exit)"
    )
    print(note)


def budget_note(results: list[ClusterRun], sites: int) -> str:
    """What the figures say about politeness, from what the sites saw."""
    most = max(r.peak_inflight for r in results)
    alone = next((r.peak_inflight for r in results if r.workers == 1), 0)
    shared = most <= PER_SITE
    cap = ""
    if alone > PER_SITE:
        # Scrapy 2.19 starts a slot's whole queue at once when DOWNLOAD_DELAY is 0 (the
        # project's own Downloader that fixes it is being landed with the per-site budget).
        cap = (
            f"Even one worker had {alone} articles in flight at one site against "
            f"CONCURRENT_REQUESTS_PER_DOMAIN={PER_SITE}: Scrapy 2.19 starts a slot's whole "
            "queue at once with DOWNLOAD_DELAY=0 in this checkout. "
        )
    if sites > 1:
        return cap + (
            f"{sites} sites, {sites} politeness budgets of {PER_SITE} (at most {most} articles "
            f"in flight at one site): a worker is held by its CONCURRENT_REQUESTS (16), not by "
            "a site's budget, so here more workers can be faster, as far as the cores allow "
            "(CPU ms/page)."
        )
    if shared:
        return cap + (
            f"One politeness budget per site held: at most {PER_SITE} articles in flight at "
            "the site whatever the number of workers, so on one site more workers are not "
            "expected to be faster; they are there for many sites and for availability (a dead "
            "worker's leases go to the others)."
        )
    return cap + (
        f"The workers did not share one budget for the site (up to {most} articles in flight "
        "at once): a speed-up on one site here is more load on it. Once the cluster keeps one "
        "politeness budget per site (being landed), more workers on one site are not "
        "expected to be faster."
    )


# -- 2 and 3. the state -------------------------------------------------------------------------
@dataclass
class Row:
    """An article's URL and the values the crawl records with its new version."""

    url: str
    values: dict[str, str]


def synthetic_rows(n: int) -> Iterator[Row]:
    """Rows shaped like a news crawl's: long slugged URLs, sha1 digests, WARC names and ids."""
    rnd = random.Random(42)
    words = "minister budget reef drought court election council storm vaccine".split()  # noqa: SIM905
    for i in range(n):
        slug = "-".join(rnd.choice(words) for _ in range(rnd.randint(6, 12)))
        tail = f"{i:08x}{rnd.getrandbits(32):08x}"
        url = f"https://www.example-news{i % 20}.com.au/news/article/{slug}/{tail}"
        when = f"2026-12-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:{(i * 7) % 60:02d}Z"
        yield Row(
            url,
            {
                "payload_digest": f"sha1:{rnd.getrandbits(160):040x}",
                "warc_filename": f"news-w{1 + i % 3}-20261207{i % 240000:06d}{i % 1000:03d}-"
                f"{i // 5000:05d}-crawler{1 + i % 3}.warc.gz",
                "warc_record_id": f"<urn:uuid:{rnd.getrandbits(128):032x}>",
                "warc_date": when,
                "target_uri": url,
                "updated": f"2026-12-{1 + i % 28:02d}T08:30:00+11:00",
                "fetched_at": when,
                "content_digest": f"sha1:{rnd.getrandbits(160):040x}",
            },
        )


def time_state(state: SqliteState | RedisState, rows: list[Row]) -> tuple[float, float]:
    """Microseconds per record_version of a new article and per get of a known one."""
    t0 = time.perf_counter()
    for row in rows:
        state.record_version([row.url], **row.values)
    write = time.perf_counter() - t0
    t0 = time.perf_counter()
    found = sum(state.get(row.url) is not None for row in rows)
    read = time.perf_counter() - t0
    if found != len(rows):
        print(f"WARNING: {type(state).__name__} found {found} of {len(rows)} rows written")
    return 1e6 * write / len(rows), 1e6 * read / len(rows)


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def bench_state(rows_n: int, plain: RedisServer, aof: RedisServer, tmp: Path) -> None:
    rows = list(synthetic_rows(rows_n))
    sqlite_path = tmp / "state.sqlite"
    sqlite = SqliteState(sqlite_path)
    results = {"SQLite (anchor)": time_state(sqlite, rows)}
    sqlite.close()
    sqlite_bytes = sum(p.stat().st_size for p in tmp.glob("state.sqlite*"))
    plain.client.flushall()
    before = plain.used_memory()
    results["Redis, no persistence"] = time_state(
        RedisState.from_url(plain.url, "archiver:bench"), rows
    )
    redis_bytes = plain.used_memory() - before
    aof.client.flushall()
    aof_before = folder_size(aof.folder)
    results["Redis, AOF everysec"] = time_state(
        RedisState.from_url(aof.url, "archiver:bench"), rows
    )
    aof_bytes = folder_size(aof.folder) - aof_before

    print(f"\nshared state, per article: {rows_n} synthetic rows, one client, 127.0.0.1")
    print(f"{'backend':<24}{'write µs':>10}{'read µs':>10}{'write vs':>10}{'read vs':>9}")
    w0, r0 = results["SQLite (anchor)"]
    for name, (w, r) in results.items():
        print(f"{name:<24}{w:>10.1f}{r:>10.1f}{w / w0:>9.2f}x{r / r0:>8.2f}x")
    print("(write: record_version of a new article; read: get of a known one)")

    scale = 100_000 / rows_n
    print(f"\nstorage per 100,000 articles (measured over {rows_n}, scaled)")
    print(f"{'':<40}{'MB':>8}{'bytes/article':>15}")
    for name, size in (
        ("SQLite file, WAL included (anchor)", sqlite_bytes),
        ("Redis used_memory", redis_bytes),
        ("Redis AOF on disk", aof_bytes),
    ):
        print(f"{name:<40}{size * scale / 1e6:>8.1f}{size / rows_n:>15.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=600, help="articles in all, per case")
    parser.add_argument("--workers", default="1,2,3", help="cluster sizes, comma-separated")
    parser.add_argument("--sites", default="1,20", help="site counts, comma-separated")
    parser.add_argument("--state-rows", type=int, default=20_000, help="rows for 2 and 3 (0: not)")
    args = parser.parse_args()
    workers = [int(w) for w in args.workers.split(",") if w.strip()]
    site_counts = [int(s) for s in args.sites.split(",") if s.strip()]
    sys.stdout.reconfigure(line_buffering=True)  # each table as it is done, into a file too

    print(
        f"{os.cpu_count()} cores shared by every worker (and the machine's other users); "
        f"load average {os.getloadavg()[0]:.1f} at the start"
    )
    started = time.perf_counter()
    # A kill runs the cleanup below too: no redis-server or temporary folder left behind.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-distributed-")))
        plain = RedisServer(tmp / "redis-plain", "--appendonly", "no")
        stack.callback(plain.close)
        aof = RedisServer(tmp / "redis-aof", "--appendonly", "yes", "--appendfsync", "everysec")
        stack.callback(aof.close)

        if args.state_rows:
            bench_state(args.state_rows, plain, aof, tmp)

        for count in site_counts:
            # One site on 127.0.0.1; several on 127.0.0.2, .3...: one download slot each.
            hosts = ["127.0.0.1"] if count == 1 else [f"127.0.0.{2 + n}" for n in range(count)]
            sites = [Site(args.pages // count, host) for host in hosts]
            for site in sites:
                stack.callback(site.close)
            results = [crawl_cluster(sites, k, aof, tmp) for k in workers]
            each = f"{sites[0].articles} articles" + (" each" if count > 1 else "")
            how = "one site" if count == 1 else f"{count} sites in one crawl"
            title = (
                f"{how}, {each} ({LATENCY[0] * 1000:.0f}-{LATENCY[1] * 1000:.0f} ms an article), "
                f"CONCURRENT_REQUESTS_PER_DOMAIN={PER_SITE}, Redis with AOF"
            )
            note = budget_note(results, count)
            print_crawls(title, results, note)
    print(
        f"\n{time.perf_counter() - started:.0f} s in all; "
        f"load average {os.getloadavg()[0]:.1f} at the end"
    )


if __name__ == "__main__":
    main()
