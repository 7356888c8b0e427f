"""One crawl on three workers, each in its own folder as on three machines, through one real Redis:
each article exported once, a second run exports none (revisits across workers' files), a worker
killed with -9 loses nothing, and the site never sees more requests at once than one machine's
per-domain cap allows."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
import redis
from warcio.archiveiterator import ArchiveIterator

from archiver.state.shared import RedisState
from tests.conftest import BIN, ROOT, RedisServer
from tests.newsroom import Newsroom, crawl_command

ARTICLES = 240
WORKERS = ("a", "b", "c")
#: The cap under test, for all workers together.
PER_DOMAIN = 2
#: Seconds the site takes to answer an article: enough for requests to overlap.
LATENCY = 0.02
#: A guard against a hung worker, never a wait.
HANG = 300
#: Short heartbeats and idle time, so that a dead worker's leases come back within seconds.
SETTINGS = (
    f"CONCURRENT_REQUESTS_PER_DOMAIN={PER_DOMAIN}",
    "DOWNLOAD_DELAY=0",
    "AUTOTHROTTLE_ENABLED=False",
    "ARCHIVER_REDIS_IDLE_TIMEOUT=2",
    "ARCHIVER_REDIS_LEASE_TTL=3",
    "ARCHIVER_EXTRACT_WORKERS=0",
    # Every run fetches every article again: unchanged ones become revisits.
    "ARCHIVER_STATE_RECHECK_AFTER=0",
)


class BusyNewsroom(Newsroom):
    """A site that takes LATENCY seconds per article and counts the requests it serves at once."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.busy = threading.Lock()
        self.in_flight = 0
        self.max_in_flight = 0
        self.served = threading.Event()

    def page(self, path: str):
        with self.busy:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            if path.startswith("/article/"):
                # The site's own pace (a slow server), not a wait of the test.
                self.served.wait(LATENCY)
            return super().page(path)
        finally:
            with self.busy:
                self.in_flight -= 1


def start(site: Newsroom, root: Path, name: str, redis_url: str, *extra: str) -> subprocess.Popen:
    out = root / name
    out.mkdir(parents=True, exist_ok=True)
    cmd = crawl_command(
        site.url("/"),
        out,
        f"ARCHIVER_REDIS_URL={redis_url}",
        f"ARCHIVER_REDIS_WORKER={name}",
        *SETTINGS,
        *extra,
    )
    cmd += ["-o", str(out / "items.jsonl")]
    log = open(out / "crawl.log", "ab")  # noqa: SIM115 (the process holds it)
    return subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=log)


def finish(procs: dict[str, subprocess.Popen], root: Path) -> None:
    for name, proc in procs.items():
        try:
            proc.wait(HANG)
        except subprocess.TimeoutExpired:
            for p in procs.values():
                p.kill()
            pytest.fail(f"worker {name} still running after {HANG} s: hung")
        log = (root / name / "crawl.log").read_text()
        assert proc.returncode in (0, -signal.SIGKILL), log[-3000:]


def lines(path: Path) -> list[dict]:
    """The whole lines of a feed (a worker killed mid-line leaves a part line: not an item)."""
    data = path.read_bytes() if path.exists() else b""
    return [json.loads(x) for x in data.rpartition(b"\n")[0].splitlines() if x]


def exported(root: Path) -> Counter:
    """How many times each URL was exported over the workers' feeds."""
    return Counter(i["url"] for name in WORKERS for i in lines(root / name / "items.jsonl"))


def records(root: Path) -> list[tuple[str, str, dict[str, str]]]:
    """(file, WARC-Type, headers) of every record of every worker's WARC files."""
    found = []
    for path in sorted(root.glob("*/warc/*.warc.gz")) + sorted(root.glob("warc/*.warc.gz")):
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                headers = dict(record.rec_headers.headers)
                found.append((path.name, record.rec_type, headers))
    return found


def run(site: Newsroom, root: Path, redis_url: str, *extra: str) -> None:
    procs = {name: start(site, root, name, redis_url, *extra) for name in WORKERS}
    finish(procs, root)


def test_three_workers_export_once_then_revisit_across_workers(
    redis_url: str, tmp_path: Path
) -> None:
    with BusyNewsroom(ARTICLES, sitemap=False) as site:
        run(site, tmp_path, redis_url)
        first = exported(tmp_path)
        assert set(first) == site.article_urls()
        assert max(first.values()) == 1, [u for u, n in first.items() if n > 1]
        assert sum(1 for n in WORKERS if lines(tmp_path / n / "items.jsonl")) >= 2
        assert site.max_in_flight <= PER_DOMAIN, site.max_in_flight

        # The next scheduled run, nothing changed: no item, a revisit record per article.
        assert not [t for _, t, _ in records(tmp_path) if t == "revisit"]
        run(site, tmp_path, redis_url)
        assert exported(tmp_path) == first, "an unchanged article was exported again"
        assert site.max_in_flight <= PER_DOMAIN, site.max_in_flight

    archived = records(tmp_path)
    responses = {h["WARC-Record-ID"]: (f, h) for f, t, h in archived if t == "response"}
    revisits = [(f, h) for f, t, h in archived if t == "revisit"]
    articles = [(f, h) for f, h in revisits if h["WARC-Target-URI"] in site.article_urls()]
    assert len(articles) == ARTICLES
    across = 0
    for name, headers in articles:
        original = responses.get(headers["WARC-Refers-To"])
        assert original is not None, "a revisit refers to no response record"
        orig_file, orig = original
        assert headers["WARC-Refers-To-Target-URI"] == orig["WARC-Target-URI"]
        assert headers["WARC-Refers-To-Date"] == orig["WARC-Date"]
        across += orig_file.split("-")[1] != name.split("-")[1]  # news-<worker>-...
    assert across > 0, "no revisit refers to another worker's record"

    # Two runs of the cluster, each one row: its workers' counts summed, its coverage judged
    # over all of its articles.
    server = redis.Redis.from_url(redis_url)
    (runs_key,) = server.keys("archiver:*:state:runs")
    state = RedisState(server, runs_key.decode().removesuffix(":state:runs"))
    first_run, second_run = state.runs()
    assert (first_run.items, first_run.new) == (ARTICLES, ARTICLES)
    assert (second_run.items, second_run.new, second_run.unchanged) == (0, 0, ARTICLES)
    assert len(state.workers(first_run.id)) == len(WORKERS)
    assert not server.keys(f"{state.prefix}:run:*"), "the run's reports outlived its judgement"
    coverage = [c for n, c in state.coverage() if n == first_run.id]
    assert [c.articles for c in coverage] == [ARTICLES]
    assert len(state) == ARTICLES
    summaries = [(tmp_path / n / "runs.log").read_text().splitlines() for n in WORKERS]
    assert all(len(lines) == 2 for lines in summaries)
    roles = sorted(line.rsplit("role=", 1)[1].split()[0] for lines in summaries for line in lines)
    assert roles == ["joined"] * 4 + ["started"] * 2, roles
    assert {f"cluster_run={first_run.id} " in lines[0] for lines in summaries} == {True}

    # The report reads the cluster's runs from Redis: one coverage row for the site.
    report = subprocess.run(
        [BIN / "scrapy", "report", "--format", "text", "--state", redis_url],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert report.returncode == 0, report.stderr
    (row,) = [line for line in report.stdout.splitlines() if line.startswith("127.0.0.1 ")]
    assert f" #{second_run.id} " in row or f"#{first_run.id}" in row, row
    assert f" {ARTICLES} " in row, row


def test_kill_9_of_a_worker_loses_nothing(redis_url: str, tmp_path: Path) -> None:
    with BusyNewsroom(ARTICLES) as site:
        procs = {name: start(site, tmp_path, name, redis_url) for name in WORKERS}
        try:
            # Kill "b" once about a third of the articles are out (an event, guarded).
            deadline = time.monotonic() + HANG
            while sum(exported(tmp_path).values()) < ARTICLES // 3:
                assert all(p.poll() is None for p in procs.values()), "a worker ended early"
                assert time.monotonic() < deadline, "the crawl never got a third of the way"
                time.sleep(0.01)
            os.kill(procs["b"].pid, signal.SIGKILL)
        finally:
            finish(procs, tmp_path)
        assert procs["b"].returncode == -signal.SIGKILL, "b finished before the kill"
        assert site.max_in_flight <= PER_DOMAIN, site.max_in_flight

    counts = exported(tmp_path)
    assert set(counts) == site.article_urls(), "articles lost with the killed worker"
    assert max(counts.values()) == 1, [u for u, n in counts.items() if n > 1]
    logs = "".join((tmp_path / n / "crawl.log").read_text() for n in ("a", "c"))
    assert "back in the queue" in logs, "no worker took the dead worker's requests back"


def test_a_machine_moving_to_a_cluster_keeps_its_history(redis_url: str, tmp_path: Path) -> None:
    with BusyNewsroom(40, sitemap=False) as site:
        alone = tmp_path / "alone"
        cmd = crawl_command(site.url("/"), alone, *SETTINGS[:3], "ARCHIVER_EXTRACT_WORKERS=0")
        done = subprocess.run(cmd + ["-o", str(alone / "items.jsonl")], cwd=ROOT, timeout=HANG)
        assert done.returncode == 0
        (state_file,) = (alone / "state").glob("*.sqlite")
        imported = subprocess.run(
            [BIN / "scrapy", "state-import", state_file, "--redis", redis_url],
            capture_output=True,
            text=True,
            cwd=tmp_path,
        )
        assert imported.returncode == 0, imported.stderr
        assert imported.stderr.startswith("40 articles and 1 run of "), imported.stderr
        run(site, tmp_path, redis_url)

    assert exported(tmp_path) == Counter(), "the cluster exported what the machine had"
    originals = {h["WARC-Record-ID"] for f, t, h in records(tmp_path / "alone") if t == "response"}
    revisits = [h for _, t, h in records(tmp_path) if t == "revisit"]
    articles = [h for h in revisits if h["WARC-Target-URI"] in site.article_urls()]
    assert len(articles) == 40 and all(h["WARC-Refers-To"] in originals for h in articles)


def test_unreachable_redis_is_one_line_and_exit_1(tmp_path: Path) -> None:
    cmd = crawl_command("http://127.0.0.1:9/", tmp_path, "ARCHIVER_REDIS_URL=redis://127.0.0.1:9/0")
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "scrapy crawl: error: the Redis server of ARCHIVER_REDIS_URL=redis://127.0.0.1:9/0 is"
        " unreachable: Error 111 connecting to 127.0.0.1:9. Connection refused."
    ]


def test_redis_lost_mid_crawl_then_back_exports_nothing_twice(tmp_path: Path) -> None:
    server = RedisServer(tmp_path / "redis", aof=True).start()
    try:
        with BusyNewsroom(ARTICLES) as site:
            worker = start(site, tmp_path, "a", server.url)
            deadline = time.monotonic() + HANG
            while sum(exported(tmp_path).values()) < ARTICLES // 4:
                assert worker.poll() is None, "the worker ended early"
                assert time.monotonic() < deadline, "the crawl never got a quarter of the way"
                time.sleep(0.01)
            server.stop()
            assert worker.wait(HANG) == 1
            log = (tmp_path / "a" / "crawl.log").read_text()
            assert "Traceback" not in log, log[-3000:]
            (line,) = (tmp_path / "a" / "runs.log").read_text().splitlines()
            assert "finish=redis_error exit=1 " in line or "finish=state_error exit=1 " in line
            before = sum(exported(tmp_path).values())
            assert before < ARTICLES

            server.start()  # with what it held: the queue, the leases, the state
            again = start(site, tmp_path, "a", server.url)
            assert again.wait(HANG) == 0, (tmp_path / "a" / "crawl.log").read_text()[-3000:]
    finally:
        server.stop()
    counts = exported(tmp_path)
    assert set(counts) == site.article_urls(), "articles lost with the Redis server"
    assert max(counts.values()) == 1, [u for u, n in counts.items() if n > 1]
