"""Distributed crawling: two crawler processes sharing one queue and dupefilter in a real Redis."""

from __future__ import annotations

import json
import os
import subprocess
import threading
from collections import Counter
from pathlib import Path
from types import SimpleNamespace
from unittest.mock import ANY

import pytest
import redis
from scrapy.addons import AddonManager
from scrapy.exceptions import NotConfigured
from scrapy.settings import Settings
from scrapy_redis.scheduler import Scheduler
from warcio.archiveiterator import ArchiveIterator

from archiver.addons.distributed import Distributed
from archiver.core.scheduler import RedisScheduler
from archiver.extensions.runlock import RunLock
from spiders.news import NewsSpider
from tests.conftest import BIN, ROOT, open_when_joined
from tests.newsroom import Newsroom, crawl_command

ARTICLES = 120
#: Seconds after which a worker is taken as hung: a guard, never a wait.
HANG = 300
#: Articles each worker exports at least (of ARTICLES): the per-site budget serves the
#: workers' requests first come, first served, so both take part once both crawl.
PER_WORKER = 4


class GatedNewsroom(Newsroom):
    """Holds article pages until ``go`` is set: once both workers have joined the run
    (``open_when_joined``), so that the first cannot export every article while the second
    starts. An event, not a timer: on a busy machine the second worker may take many seconds to
    start. Not a count of waiting requests: the two workers share one budget of
    CONCURRENT_REQUESTS_PER_DOMAIN requests in flight, which the first may hold alone."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.go = threading.Event()

    def page(self, path: str):
        if path.startswith("/article/"):
            self.go.wait(HANG)  # HANG: a guard against a worker that never comes
        return super().page(path)


def response_urls(warc_dir: Path) -> Counter:
    found: Counter = Counter()
    for path in sorted(warc_dir.glob("*.warc.gz")):
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type == "response":
                    found[record.rec_headers.get_header("WARC-Target-URI")] += 1
    return found


def test_two_workers_share_one_crawl(redis_url: str, tmp_path: Path) -> None:
    with GatedNewsroom(ARTICLES) as site:
        procs = {}
        for name in ("a", "b"):
            out = tmp_path / name
            cmd = crawl_command(
                site.url("/"),
                out,
                f"ARCHIVER_REDIS_URL={redis_url}",
                "ARCHIVER_REDIS_IDLE_TIMEOUT=2",
                "CONCURRENT_REQUESTS_PER_DOMAIN=4",
                # Two workers of one machine: one state and one lock directory, shared.
                f"ARCHIVER_STATE_DIR={tmp_path / 'state'}",
                f"ARCHIVER_LOCK_DIR={tmp_path / 'locks'}",
            )
            cmd += ["-O", str(out / "items.jsonl")]
            log = open(tmp_path / f"{name}.log", "w")  # noqa: SIM115 (closed below)
            procs[name] = (subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=log), log)
        open_when_joined(redis_url, [proc for proc, _ in procs.values()], site.go)
        for name, (proc, log) in procs.items():
            try:
                proc.wait(HANG)
            except subprocess.TimeoutExpired:
                for p, _ in procs.values():
                    p.kill()
                pytest.fail(f"worker {name} still running after {HANG} s: hung")
            finally:
                log.close()
        logs = {name: (tmp_path / f"{name}.log").read_text() for name in procs}
        for name, (proc, _) in procs.items():
            assert proc.returncode == 0, logs[name][-3000:]
        assert site.go.is_set()

    items = {
        name: [json.loads(x) for x in (tmp_path / name / "items.jsonl").read_text().splitlines()]
        for name in procs
    }
    urls = Counter(i["url"] for batch in items.values() for i in batch)
    assert set(urls) == site.article_urls()
    assert max(urls.values()) == 1, [u for u, n in urls.items() if n > 1]
    for name, batch in items.items():
        assert len(batch) >= PER_WORKER, f"worker {name} exported only {len(batch)} articles"

    # One worker started the run and pushed the start requests; the other joined it.
    assert sorted("started run" in log for log in logs.values()) == [False, True]

    warcs = {name: response_urls(tmp_path / name / "warc") for name in procs}
    files = [p for name in procs for p in (tmp_path / name / "warc").iterdir()]
    assert files and all(p.name.endswith(".warc.gz") for p in files), files
    assert len({p.name for p in files}) == len(files)
    check = subprocess.run([BIN / "warcio", "check", *map(str, files)], capture_output=True)
    assert check.returncode == 0, check.stdout + check.stderr
    articles = site.article_urls()
    both = {u for u in articles if warcs["a"][u] and warcs["b"][u]}
    assert not both, sorted(both)[:5]
    assert all(warcs["a"][u] + warcs["b"][u] == 1 for u in articles)
    for name in procs:
        fetched = sum(n for u, n in warcs[name].items() if u in articles)
        assert fetched >= PER_WORKER, f"worker {name} fetched only {fetched} articles"

    # The last worker out ended the run: the next scheduled run starts afresh. The crawl
    # state stays: it is what the next run skips and revisits by.
    left = {k.decode() for k in redis.Redis.from_url(redis_url).keys("archiver:*")}
    assert left and all(":state:" in k for k in left), sorted(left)


def project_settings(**values: object) -> Settings:
    """The project's settings, ``values`` given as on the command line, add-ons applied."""
    settings = Settings()
    settings.setmodule("archiver.settings", priority="project")
    for name, value in values.items():
        settings.set(name, value, priority="cmdline")
    crawler = SimpleNamespace(settings=settings, spidercls=NewsSpider)
    AddonManager(crawler).load_settings(settings)
    return settings


def test_addon_off_without_redis_url() -> None:
    crawler = SimpleNamespace(settings=Settings({"ARCHIVER_REDIS_URL": ""}), spidercls=NewsSpider)
    with pytest.raises(NotConfigured):
        Distributed.from_crawler(crawler)
    s = project_settings()
    assert s.get("SCHEDULER") == "scrapy.core.scheduler.Scheduler"
    assert "scrapy_redis" not in s.get("DUPEFILTER_CLASS")
    assert not s.getbool("ARCHIVER_LOCK_SHARED")
    assert s.get("ARCHIVER_WARC_PREFIX") == ""
    assert "archiver.spidermiddlewares.startonce.StartOnce" not in s.getdict("SPIDER_MIDDLEWARES")
    assert s.getdict("FEEDS") == {"output/%(crawl)s.jsonl": ANY}


def test_addon_on_sets_scheduler_and_worker_names() -> None:
    s = project_settings(ARCHIVER_REDIS_URL="redis://127.0.0.1:1/0", ARCHIVER_REDIS_WORKER="box-1")
    assert s.get("SCHEDULER") == "archiver.core.scheduler.RedisScheduler"
    assert issubclass(RedisScheduler, Scheduler)
    assert s.get("DUPEFILTER_CLASS") == "scrapy_redis.dupefilter.RFPDupeFilter"
    assert s.get("REDIS_URL") == "redis://127.0.0.1:1/0"
    assert s.getbool("ARCHIVER_LOCK_SHARED")
    assert s.get("ARCHIVER_WARC_PREFIX") == "news-box_1"
    # One default feed per worker, named before DefaultFeed makes it the feed.
    assert s.getdict("FEEDS") == {"output/%(crawl)s-box_1.jsonl": ANY}
    # A prefix given on the command line keeps the worker's name too.
    s = project_settings(ARCHIVER_REDIS_URL="redis://h/0", ARCHIVER_WARC_PREFIX="sbs")
    assert s.get("ARCHIVER_WARC_PREFIX") == f"sbs-{os.getpid()}"


def test_workers_share_the_run_lock_a_plain_run_does_not(tmp_path: Path) -> None:
    path = tmp_path / "news-site.lock"
    stats = SimpleNamespace(set_value=lambda *a: None)
    a, b = RunLock(path, stats, shared=True), RunLock(path, stats, shared=True)
    assert a.acquired and b.acquired
    assert not RunLock(path, stats).acquired  # a plain run waits for every worker
    a.spider_closed()
    b.spider_closed()
    plain = RunLock(path, stats)
    assert plain.acquired
    assert not RunLock(path, stats, shared=True).acquired  # and workers for a plain run
    plain.spider_closed()
