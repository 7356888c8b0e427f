"""CONCURRENT_REQUESTS_PER_DOMAIN as the site sees it: one worker with no delay, and a cluster."""

from __future__ import annotations

import json
import re
import subprocess
import threading
from collections import Counter
from pathlib import Path

import pytest
import redis

from tests.conftest import ROOT, open_when_joined
from tests.newsroom import Newsroom, crawl_command

ARTICLES = 40
#: Seconds the site takes to answer: long enough for a burst to pile up, short for the crawl.
SLOW = 0.2
CAP = 2
#: Seconds after which a crawl is taken as hung: a guard, never a wait.
HANG = 300
WORKERS = ("a", "b", "c")


class CountingNewsroom(Newsroom):
    """Answers every request after SLOW seconds and counts how many it holds at once.

    A request counts from when the site reads it to just before its answer is sent: a client
    cannot have seen the answer, and sent its next request, while it still counts.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.in_flight = 0
        self.max_in_flight = 0
        self.agents: Counter = Counter()  # article requests per User-Agent (worker)
        self.count = threading.Lock()
        #: Set when the answers may go: before that, requests wait (see the cluster test).
        self.go = threading.Event()
        self.go.set()

    def page(self, path: str):
        with self.count:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            if path.startswith("/article/"):
                self.agents[self.request.headers.get("User-Agent", "")] += 1
        try:
            self.go.wait(HANG)  # HANG: a guard against a worker that never comes
            threading.Event().wait(SLOW)  # the site is slow: the server's delay, not the test's
            return super().page(path)
        finally:
            with self.count:
                self.in_flight -= 1


def run(cmd: list[str], log_path: Path) -> subprocess.Popen:
    log = open(log_path, "w")  # noqa: SIM115 (closed by wait_all)
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=log)
    proc.log = log  # type: ignore[attr-defined]
    return proc


def wait_all(procs: dict[str, subprocess.Popen], tmp_path: Path) -> dict[str, str]:
    for name, proc in procs.items():
        try:
            proc.wait(HANG)
        except subprocess.TimeoutExpired:
            for p in procs.values():
                p.kill()
            pytest.fail(f"crawl {name} still running after {HANG} s: hung")
        finally:
            proc.log.close()  # type: ignore[attr-defined]
    logs = {name: (tmp_path / f"{name}.log").read_text() for name in procs}
    for name, proc in procs.items():
        assert proc.returncode == 0, logs[name][-3000:]
    return logs


def stat(log: str, name: str) -> float:
    """A value of the stats dump at the end of a crawl's log (0 when absent)."""
    found = re.search(rf"'{re.escape(name)}': ([0-9.]+)", log)
    return float(found.group(1)) if found else 0.0


@pytest.mark.parametrize(
    ("downloader", "capped"),
    [
        ("archiver.core.downloader.Downloader", True),  # the project's (settings.DOWNLOADER)
        # Scrapy 2.19's own starts a slot's whole queue at once with no delay: the day this
        # fails, Scrapy has fixed it and archiver.core.downloader's override can go.
        ("scrapy.core.downloader.Downloader", False),
    ],
)
def test_one_worker_keeps_the_cap_with_no_delay(
    tmp_path: Path, downloader: str, capped: bool
) -> None:
    with CountingNewsroom(ARTICLES) as site:
        cmd = crawl_command(
            site.url("/"),
            tmp_path,
            f"DOWNLOADER={downloader}",
            "DOWNLOAD_DELAY=0",
            "AUTOTHROTTLE_ENABLED=False",
            f"CONCURRENT_REQUESTS_PER_DOMAIN={CAP}",
            "ARCHIVER_EXTRACT_WORKERS=0",
        )
        wait_all({"crawl": run(cmd, tmp_path / "crawl.log")}, tmp_path)
    print(f"{downloader}: at most {site.max_in_flight} requests in flight")
    assert sum(site.agents.values()) == ARTICLES
    if capped:
        assert site.max_in_flight <= CAP
    else:
        assert site.max_in_flight > CAP


def test_three_workers_share_one_cap(redis_url: str, tmp_path: Path) -> None:
    server = redis.Redis.from_url(redis_url)
    with CountingNewsroom(ARTICLES * 2) as site:
        # Nothing is answered before the three workers have joined the run: the first one
        # cannot crawl the site alone while the others start (seconds, on a busy machine).
        site.go.clear()
        procs = {}
        for name in WORKERS:
            out = tmp_path / name
            cmd = crawl_command(
                site.url("/"),
                out,
                f"ARCHIVER_REDIS_URL={redis_url}",
                "ARCHIVER_REDIS_IDLE_TIMEOUT=2",
                "DOWNLOAD_DELAY=0",
                "AUTOTHROTTLE_ENABLED=False",
                f"CONCURRENT_REQUESTS_PER_DOMAIN={CAP}",
                "ARCHIVER_EXTRACT_WORKERS=0",
                # Workers of one machine: one state and one lock directory, shared.
                f"ARCHIVER_STATE_DIR={tmp_path / 'state'}",
                f"ARCHIVER_LOCK_DIR={tmp_path / 'locks'}",
                f"USER_AGENT=worker-{name}",  # how the site tells the workers apart
            )
            procs[name] = run([*cmd, "-O", str(out / "items.jsonl")], tmp_path / f"{name}.log")
        open_when_joined(redis_url, list(procs.values()), site.go)
        logs = wait_all(procs, tmp_path)
    waits = {name: stat(log, "archiver/budget/waits") for name, log in logs.items()}
    print(
        f"3 workers: at most {site.max_in_flight} requests in flight; articles per worker: "
        f"{dict(site.agents)}; transfers that waited for the budget: {waits}"
    )
    assert site.go.is_set()
    assert site.max_in_flight <= CAP, site.agents
    items = [
        json.loads(line)
        for name in WORKERS
        for line in (tmp_path / name / "items.jsonl").read_text().splitlines()
    ]
    assert sorted(i["url"] for i in items) == sorted(site.article_urls())
    # The budget held requests back: the workers did crawl at the same time.
    assert sum(waits.values()) > 0
    assert len(site.agents) >= 2, site.agents
    assert not server.keys("*:budget:*:holders"), "a token was never given back"
