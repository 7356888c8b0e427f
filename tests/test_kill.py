"""kill -9 in the middle of a crawl loses nothing: WARC and JSONL stay whole, the next run
fetches exactly what was missed, and the crawl's extraction workers end with it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from archiver.warc.writer import recover_open_files
from tests.conftest import ROOT
from tests.newsroom import Newsroom, crawl_command, last_summary
from tests.processes import wait_gone, worker_pids
from tests.warc_checks import archived_urls

ARTICLES = 200
#: Lines in the feed when each run is killed: early, in the middle, late. Events, not sleeps:
#: on a busy machine a fixed delay kills before the first write or after the last.
KILL_AT = (1, 3, 8, 20, 45, 80, 110, 140)
HANG = 120
SETTINGS = ("DOWNLOAD_DELAY=0.005", "CONCURRENT_REQUESTS_PER_DOMAIN=8")


@pytest.fixture(scope="module")
def site() -> Iterator[Newsroom]:
    with Newsroom(ARTICLES) as s:
        yield s


def whole_lines(path: Path) -> list[dict]:
    data = path.read_bytes() if path.exists() else b""
    complete, _, partial = data.rpartition(b"\n")
    assert not partial, f"partial last line after kill: {partial[:80]!r}"
    return [json.loads(line) for line in complete.splitlines()] if complete else []


#: The same with the state in Redis (one worker of a cluster): early, middle, late.
KILL_AT_SHARED = (3, 45, 140)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> tuple[str, ...]:
    """Settings of the state's backend: SQLite, or Redis (a real server) as a cluster has it."""
    if request.param == "sqlite":
        return ()
    url = request.getfixturevalue("redis_url")
    # A stable worker name keeps its feed (news-w1.jsonl) from one run to the next; short
    # leases: the next run takes back what the dead one held within seconds.
    return (
        f"ARCHIVER_REDIS_URL={url}",
        "ARCHIVER_REDIS_WORKER=w1",
        "ARCHIVER_REDIS_LEASE_TTL=2",
        "ARCHIVER_REDIS_IDLE_TIMEOUT=0.5",
    )


@pytest.mark.parametrize(
    ("backend", "lines"),
    [("sqlite", n) for n in KILL_AT] + [("redis", n) for n in KILL_AT_SHARED],
    indirect=["backend"],
    ids=[f"sqlite-{n}" for n in KILL_AT] + [f"redis-{n}" for n in KILL_AT_SHARED],
)
def test_kill_9_then_next_run_completes(
    site: Newsroom, tmp_path: Path, backend: tuple[str, ...], lines: int
) -> None:
    cmd = crawl_command(site.url("/"), tmp_path, *SETTINGS, *backend)
    name = "news-w1.jsonl" if backend else "news.jsonl"
    log = tmp_path / "first.log"
    with open(log, "wb") as err:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err)
    try:
        # Kill once the feed has that many lines (a guard of HANG seconds, never a wait).
        deadline = time.monotonic() + HANG
        feed = tmp_path / name
        while not feed.exists() or feed.read_bytes().count(b"\n") < lines:
            assert proc.poll() is None, f"crawl ended before the kill: {log.read_text()[-3000:]}"
            assert time.monotonic() < deadline, "the crawl never wrote that many lines"
            time.sleep(0.005)
        workers = worker_pids(proc.pid)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, "the crawl finished before the kill"
    assert workers, "the crawl extracted in its own process"
    assert not wait_gone(workers, timeout=10), "an extraction worker outlived its crawl"

    feed = tmp_path / name
    before = whole_lines(feed)
    assert len(before) < ARTICLES, "killed too late to test anything"
    # What the next run does first: close the WARC file the dead run left open.
    recover_open_files(tmp_path / "warc")
    archived = archived_urls(tmp_path / "warc")
    assert {i["url"] for i in before} <= archived, "an exported item without its WARC record"

    second = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert second.returncode == 0, second.stderr[-3000:]
    summary = last_summary(tmp_path)
    assert summary["finish"] == "finished"

    items = whole_lines(feed)
    counts = Counter(i["url"] for i in items)
    assert set(counts) == site.article_urls(), "articles missing after the second run"
    assert max(counts.values()) == 1, f"archived twice: {[u for u, n in counts.items() if n > 1]}"
    assert int(summary["new"]) == ARTICLES - len(before)
    assert set(counts) <= archived_urls(tmp_path / "warc")
