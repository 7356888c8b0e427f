"""Pause and resume with JOBDIR, the run lock, and the exit status a scheduler reads."""

from __future__ import annotations

import json
import signal
import subprocess
import threading
import time
from collections import Counter
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from tests.conftest import BIN, ROOT
from tests.newsroom import Newsroom, crawl_command, last_summary


def wait_for(predicate, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert proc.poll() is None, "crawl ended too early"
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def feed_lines(out: Path) -> list[dict]:
    feed = out / "news.jsonl"
    return [json.loads(x) for x in feed.read_text().splitlines()] if feed.exists() else []


class HeldNewsroom(Newsroom):
    """Serves the first SERVED articles asked for and holds the others until ``go`` is set
    (after the Ctrl-C): the pause comes mid-crawl however slow the machine is."""

    SERVED = 40

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.go = threading.Event()
        self.counting = threading.Lock()
        self.articles = 0

    def page(self, path: str):
        if path.startswith("/article/"):
            with self.counting:
                self.articles += 1
                held = self.articles > self.SERVED
            if held:
                self.go.wait(300)  # a guard against a crawl that never pauses
        return super().page(path)


def test_pause_with_jobdir_and_resume(tmp_path: Path) -> None:
    with HeldNewsroom(200) as site:
        cmd = crawl_command(
            site.url("/"), tmp_path, f"JOBDIR={tmp_path / 'job'}", "DOWNLOAD_DELAY=0.02"
        )
        first = subprocess.Popen(cmd, cwd=ROOT, stderr=subprocess.PIPE, text=True)
        wait_for(lambda: len(feed_lines(tmp_path)) >= 20, first)
        first.send_signal(signal.SIGINT)  # Ctrl-C: Scrapy's graceful shutdown
        site.go.set()  # what is in flight finishes
        _, err = first.communicate(timeout=60)
        # A paused run has not finished: a scheduler must not take it for a complete one.
        assert first.returncode == 1, err[-3000:]
        assert last_summary(tmp_path)["finish"] == "shutdown"
        paused = len(feed_lines(tmp_path))
        assert paused < 200
        closed = {p: p.stat().st_size for p in (tmp_path / "warc").glob("*.warc.gz")}
        assert closed and not list((tmp_path / "warc").glob("*.open"))

        second = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert second.returncode == 0, second.stderr[-3000:]
        summary = last_summary(tmp_path)
        assert summary["finish"] == "finished" and int(summary["new"]) == 200 - paused

    counts = Counter(i["url"] for i in feed_lines(tmp_path))
    assert set(counts) == site.article_urls() and max(counts.values()) == 1
    # The resumed run wrote a new WARC file; the closed ones were not touched.
    after = sorted((tmp_path / "warc").glob("*.warc.gz"))
    assert len(after) > len(closed)
    assert all(p.stat().st_size == size for p, size in closed.items())
    check = subprocess.run([BIN / "warcio", "check", *map(str, after)], capture_output=True)
    assert check.returncode == 0
    for path in after:
        with open(path, "rb") as fh:
            first_record = next(iter(ArchiveIterator(fh)))
            assert first_record.rec_type == "warcinfo"


def test_second_run_of_same_crawl_exits_75_at_once(tmp_path: Path) -> None:
    with Newsroom(200) as site:
        cmd = crawl_command(site.url("/"), tmp_path, "DOWNLOAD_DELAY=0.2")
        first = subprocess.Popen(cmd, cwd=ROOT, stderr=subprocess.DEVNULL)
        try:
            wait_for(lambda: list((tmp_path / "warc").glob("*.open")), first)
            second = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120)
        finally:
            first.terminate()
            first.wait(timeout=60)
    assert second.returncode == 75, second.stderr[-3000:]
    assert "Another run of this crawl is in progress" in second.stderr
    assert f"pid {first.pid}" in second.stderr
    assert "downloader/request_count" not in second.stderr  # not a single request
    lines = (tmp_path / "runs.log").read_text().splitlines()
    assert any("finish=locked exit=75" in line for line in lines)
