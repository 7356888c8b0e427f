"""One exit rule for every page a crawl loses (issue 23, points 7-8): each is a WARNING saying
why, counted in archiver/failed/<kind> or archiver/articles/dropped/<why>, and the run exits 1;
a trickling server is cut at DOWNLOAD_TIMEOUT, said, and tried once more only."""

from __future__ import annotations

import re
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from archiver.extensions.runsummary import exit_status
from tests.conftest import ROOT
from tests.newsroom import Newsroom, crawl_command, last_summary
from tests.test_robustness import stats_of

HTML = [("Content-Type", "text/html; charset=utf-8")]
MAXSIZE = 64 * 1024
TIMEOUT = 2
PAGE = b"<html><head><title>t</title></head><body><h1>A page</h1>" + b"<p>text</p>" * 400
TRICKLED = 10_000

# path -> the kind each lost page is counted under
LOST = {
    "/article/too-large": "archiver/failed/too_large",
    "/article/redirect-loop": "archiver/failed/redirect_loop",
    "/article/retry-after": "archiver/failed/http_503",
    "/article/busy": "archiver/failed/http_503",
    "/article/short": "archiver/failed/truncated",  # no article: its links are read
    "/article/trickle": "archiver/failed/timeout",
}


@pytest.mark.parametrize(
    ("reason", "errors", "lost", "status"),
    [
        ("finished", 0, 0, 0),
        ("finished", 0, 1, 1),  # a lost page, whatever its kind
        ("finished", 2, 0, 1),
        ("closespider_itemcount", 0, 0, 0),
        ("shutdown", 0, 0, 1),
        ("locked", 0, 3, 75),
    ],
)
def test_exit_rule(reason: str, errors: int, lost: int, status: int) -> None:
    assert exit_status(reason, errors, lost=lost) == status
    assert exit_status("finished", errors, fail_on_errors=False, lost=lost) == 0


def test_every_lost_page_is_said_counted_and_fails_the_run(tmp_path: Path) -> None:
    stop = threading.Event()

    def trickle() -> Iterator[bytes]:
        # A byte at a time, until the crawler hangs up or the test ends.
        for _ in range(TRICKLED):
            if stop.wait(0.1):
                return
            yield b" "

    with Newsroom(2) as site:
        site.extra.update(
            {
                "/article/too-large": lambda s, p: (200, HTML, b" " * (2 * MAXSIZE)),
                "/article/redirect-loop": lambda s, p: (302, [("Location", p)], b""),
                "/article/retry-after": lambda s, p: (503, [("Retry-After", "3600")], b"later"),
                "/article/busy": lambda s, p: (503, HTML, b"busy"),
                "/article/short": lambda s, p: (
                    200,
                    HTML + [("Content-Length", str(len(PAGE))), ("Connection", "close")],
                    PAGE[: len(PAGE) // 4],
                ),
                "/article/trickle": lambda s, p: (
                    200,
                    HTML + [("Content-Length", str(TRICKLED))],
                    trickle(),
                ),
            }
        )
        try:
            result = subprocess.run(
                crawl_command(
                    site.url("/"),
                    tmp_path,
                    f"DOWNLOAD_MAXSIZE={MAXSIZE}",
                    f"DOWNLOAD_TIMEOUT={TIMEOUT}",
                    "RETRY_TIMES=1",
                    "ARCHIVER_RETRY_AFTER_MAX=1",
                    "ARCHIVER_RETRY_BACKOFF_BASE=0.1",
                ),
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=300,
            )
        finally:
            stop.set()
        hits = dict(site.hits)
    err = result.stderr
    stats = stats_of(err)
    assert "'finish_reason': 'finished'" in err
    # One rule: every kind of loss fails the run, and the runs.log line counts them.
    assert result.returncode == 1
    summary = last_summary(tmp_path)
    assert summary["exit"] == "1" and int(summary["lost"]) == len(LOST)
    expected: dict[str, int] = {}
    for kind in LOST.values():
        expected[kind] = expected.get(kind, 0) + 1
    for kind, n in expected.items():
        assert stats.get(kind) == n, kind
    # Each lost page is said at WARNING with its URL and a reason; no line ends without one.
    for path in LOST:
        assert re.search(rf"WARNING: .*{re.escape(site.url(path))}\b.*\S", err), path
    assert not re.search(r"(?m)\(\w+\): ?$", err), "a line without its reason"
    # The trickle: cut at the limit, said at once, tried once more, then given up.
    assert hits["/article/trickle"] == 2
    assert re.search(
        rf"WARNING: No complete answer from \S+/article/trickle within {TIMEOUT} s", err
    )
    assert re.search(r"WARNING: Could not fetch \S+/article/trickle \(timeout\): \S", err)
    assert re.search(r"WARNING: Could not fetch \S+/article/busy \(http_503\): the server", err)
    # The site's own articles were crawled all the same.
    assert summary["items"] == "2"
