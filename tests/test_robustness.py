"""Bad input never stops a crawl, and a full disk stops it loudly without losing anything."""

from __future__ import annotations

import json
import os
import re
import resource
import signal
import subprocess
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.newsroom import Newsroom, crawl_command, gzip_bomb
from tests.warc_checks import archived_urls

HTML = [("Content-Type", "text/html; charset=utf-8")]
MAXSIZE = 1024 * 1024


ARTICLE_HEAD = b'<html><head><meta property="og:type" content="article"><title>t</title></head>'


def _hop(site: Newsroom, path: str) -> tuple[int, list[tuple[str, str]], bytes]:
    # Endless redirects, each to a new URL, so that only the redirect limit stops them.
    n = int(path.rsplit("-", 1)[1])
    return 302, [("Location", f"/article/hop-{n + 1}")], b""


BAD = {
    "/article/malformed": lambda s, p: (
        200,
        HTML,
        ARTICLE_HEAD
        + b"<body><h1>Broken <p>unclosed <div><p>"
        + b"<b><i>" * 3000
        + b"</td></tr>\x00\x01<![CDATA[ <script>var a = '</script>",
    ),
    "/article/wrong-charset": lambda s, p: (
        200,
        HTML,
        ARTICLE_HEAD + "<h1>Caf\xe9</h1><p>na\xefve</p>".encode("latin-1"),
    ),
    "/article/no-charset": lambda s, p: (
        200,
        [("Content-Type", "text/html")],
        ARTICLE_HEAD + "<h1>\u201cQuoted\u201d</h1><p>\u20ac</p>".encode("cp1252"),
    ),
    "/article/binary": lambda s, p: (200, HTML, ARTICLE_HEAD + os.urandom(30000)),
    "/article/empty": lambda s, p: (200, HTML, b""),
    "/article/huge": lambda s, p: (200, HTML, b"<html><body>" + b"<p>words</p>" * 300_000),
    "/article/bomb": lambda s, p: gzip_bomb(40 * MAXSIZE),
    "/article/hop-*": _hop,
    "/article/loop": lambda s, p: (302, [("Location", "/article/loop")], b""),
    **{f"/article/error-{n}": (lambda s, p: (500, HTML, b"oops")) for n in range(15)},
    **{f"/article/gone-{n}": (lambda s, p: (404, HTML, b"gone")) for n in range(15)},
}


def stats_of(stderr: str) -> dict[str, int]:
    return {k: int(v) for k, v in re.findall(r"'([^']+)': (\d+),?\n", stderr)}


def read_items(feed: Path) -> list[dict]:
    data = feed.read_bytes() if feed.exists() else b""
    assert not data or data.endswith(b"\n"), "partial last line"
    return [json.loads(line) for line in data.splitlines()]


def test_bad_pages_are_counted_and_lose_no_good_article(tmp_path: Path) -> None:
    with Newsroom(40) as site:
        site.extra.update(BAD)
        result = subprocess.run(
            crawl_command(site.url("/"), tmp_path, f"DOWNLOAD_MAXSIZE={MAXSIZE}", "RETRY_TIMES=1"),
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=180,
        )
        hits = dict(site.hits)
    err = result.stderr
    stats = stats_of(err)
    # The run went to its end; it exits 1 because errors were logged, as a scheduler should see.
    assert "'finish_reason': 'finished'" in err
    assert result.returncode == 1
    items = read_items(tmp_path / "news.jsonl")
    good = site.article_urls()
    assert {i["url"] for i in items} >= good
    assert max(Counter(i["url"] for i in items).values()) == 1
    for path in BAD:
        assert hits.get(path.replace("*", "0")), f"{path} was never requested"
    # Each failure is logged and counted.
    assert stats["downloader/response_status_count/500"] == 30  # 15 pages, tried twice
    assert stats["retry/max_reached"] == 15
    assert stats["httperror/response_ignored_status_count/404"] == 15
    assert stats["downloader/exception_type_count/scrapy.exceptions.DownloadCancelledError"] == 1
    assert "larger than download max size" in err  # the huge page
    # The bomb: archived as sent (small, compressed), never decompressed past the limit.
    assert re.search(r"Ignored response <200 \S+/article/bomb> .* exceeded DOWNLOAD_MAXSIZE", err)
    assert site.url("/article/bomb") in archived_urls(tmp_path / "warc", require_files=False)
    # Endless redirects stop at REDIRECT_MAX_TIMES (20): hop-0 to hop-20, no further.
    assert hits.get("/article/hop-20") == 1 and "/article/hop-21" not in hits
    # ...and are said and counted, as is the bomb (Scrapy alone says both only at DEBUG).
    assert stats["archiver/failed/redirect_limit"] == 1
    assert re.search(r"Could not fetch \S+/article/hop-20 \(redirect_limit\)", err)
    assert stats["archiver/failed/too_large"] == 2  # the bomb, and the huge page
    assert re.search(r"Could not fetch \S+/article/bomb \(too_large\)", err)
    # Mangled pages reach the extractor: each becomes an item or a counted drop.
    odd = ["malformed", "wrong-charset", "no-charset", "binary"]
    exported = {i["url"].rsplit("/", 1)[1] for i in items}
    dropped = sum(v for k, v in stats.items() if k.startswith("archiver/articles/dropped/"))
    assert len([o for o in odd if o in exported]) + dropped == len(odd)


@pytest.fixture(params=["tmpfs", "fsize"])
def small_disk(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A 320 KiB tmpfs (root only), or a 320 KB RLIMIT_FSIZE on the crawl process."""
    mnt = tmp_path / "disk"
    mnt.mkdir()
    if request.param == "fsize":
        yield mnt, "fsize"
        return
    mount = ["mount", "-t", "tmpfs", "-o", "size=320k", "tmpfs", str(mnt)]
    if os.geteuid() != 0 or subprocess.run(mount, capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield mnt, "tmpfs"
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


def _limit_file_size() -> None:
    # Ignored SIGXFSZ: writes past the limit fail with EFBIG instead of killing the process.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (320_000, 320_000))


def test_full_disk_stops_loudly_and_next_run_completes(small_disk: tuple[Path, str]) -> None:
    out, kind = small_disk
    with Newsroom(200) as site:
        cmd = crawl_command(site.url("/"), out, "CONCURRENT_REQUESTS_PER_DOMAIN=8")
        first = subprocess.run(
            cmd,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=180,
            preexec_fn=_limit_file_size if kind == "fsize" else None,
        )
        assert first.returncode == 1, first.stderr[-3000:]
        # Whichever file hits the limit first (a WARC file, the state's WAL, the feed), the run
        # says so and stops: CRITICAL, finish_reason disk_full (or state_error: SQLite reports
        # EFBIG as an I/O error), exit status 1.
        assert re.search(
            r"CRITICAL: (Disk full|Cannot write the crawl state|Cannot write the feed)",
            first.stderr,
        )
        assert re.search(r"finish=(disk_full|state_error|feed_error) exit=1", first.stderr)
        items = read_items(out / "news.jsonl")
        assert len(items) < 200, "the disk was not small enough to fill"
        assert {i["url"] for i in items} <= archived_urls(out / "warc", require_files=False)

        if kind == "tmpfs":  # room again, as after an operator frees space
            subprocess.run(["mount", "-o", "remount,size=64m", str(out)], check=True)
        second = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=180)
        assert second.returncode == 0, second.stderr[-3000:]
        items = read_items(out / "news.jsonl")
        counts = Counter(i["url"] for i in items)
        missing = site.article_urls() - set(counts)
        stats = re.findall(r"'archiver/[^']+': \d+", second.stderr)
        assert not missing, f"missing {sorted(missing)[:5]}; second run: {stats}"
        assert max(counts.values()) == 1
        assert set(counts) <= archived_urls(out / "warc", require_files=False)
