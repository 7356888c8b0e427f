"""Scheduled runs of one site: routine outcomes log no WARNING, real trouble does (issue 14)."""

from __future__ import annotations

import ast
import re
import subprocess
from pathlib import Path
from typing import Any

from tests.conftest import ROOT
from tests.newsroom import Newsroom, crawl_command, last_summary

ROBOTS = "User-agent: *\nDisallow: /private\n"


def run(site: Newsroom, out: Path, *settings: str, status: int = 0) -> tuple[str, dict[str, Any]]:
    """One ``scrapy crawl news`` of the site: its log and its stats dump."""
    result = subprocess.run(
        crawl_command(site.url("/"), out, *settings),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == status, result.stderr[-3000:]
    return result.stderr, stats_of(result.stderr)


def stats_of(log: str) -> dict[str, Any]:
    """The stats Scrapy dumps at the end of a crawl, as a dict."""
    found = re.search(r"Dumping Scrapy stats:\n(\{.*?\})\n", log, re.S)
    assert found, log[-2000:]
    text = re.sub(r"datetime\.datetime\([^)]*\)", "None", found.group(1))
    return ast.literal_eval(text)


def warnings(log: str) -> list[str]:
    return [line for line in log.splitlines() if re.search(r"\] (WARNING|ERROR|CRITICAL):", line)]


def robots_site(site: Newsroom) -> None:
    """A robots.txt that forbids /private, and a link to it from the home page."""
    robots = f"{ROBOTS}Sitemap: {site.url('/sitemap.xml')}\n".encode()
    site.extra["/robots.txt"] = lambda s, p: (200, [("Content-Type", "text/plain")], robots)
    site.extra["/private*"] = lambda s, p: (200, [("Content-Type", "text/html")], b"<p>no</p>")


def test_hourly_runs_of_one_site_log_no_warning(tmp_path: Path) -> None:
    with Newsroom(12) as site:
        robots_site(site)
        log, stats = run(site, tmp_path)
        assert warnings(log) == []
        assert last_summary(tmp_path)["new"] == "12"
        assert stats["robotstxt/forbidden"] == 1
        assert not [k for k in stats if k.startswith("archiver/failed/")]
        hours = [
            ("ARCHIVER_STATE_RECHECK_AFTER=0",),  # every known page fetched again: revisits
            (),  # known pages skipped: fetched less than 6 hours ago
            ("ARCHIVER_STATE_RECHECK_AFTER=0",),
        ]
        for n, settings in enumerate(hours):
            site.add(2)
            site.update([f"story-{n:04d}"])
            # The last hour finds its pages by links only: none carries a sitemap date that
            # would skip it, so every unchanged page is fetched and revisited (which of a link
            # and the sitemap reaches a page first otherwise depends on the machine's pace).
            site.sitemap = n < len(hours) - 1
            log, stats = run(site, tmp_path, *settings)
            assert warnings(log) == [], f"hour {n + 2}"
            summary = last_summary(tmp_path)
            assert (summary["new"], summary["updated"], summary["errors"]) == ("2", "1", "0"), n
            assert not [k for k in stats if k.startswith("archiver/failed/")], stats
            assert "Could not fetch" not in log
        # The last hour revisited the unchanged pages and said so in their own stat.
        assert stats["archiver/state/unchanged"] > 0
        assert int(summary["unchanged"]) == stats["archiver/state/unchanged"]


def test_a_skipped_run_counts_skips_not_failures(tmp_path: Path) -> None:
    with Newsroom(6, sitemap=False) as site:
        run(site, tmp_path)
        log, stats = run(site, tmp_path)
    assert stats["archiver/state/skipped"] == 6
    assert "archiver/failed/ignored" not in stats
    assert warnings(log) == []


def test_two_sites_have_their_own_default_feed_and_catch_up(tmp_path: Path) -> None:
    from archiver.settings import ARCHIVER_DEFAULT_FEED

    assert "%(crawl)s" in ARCHIVER_DEFAULT_FEED  # spider and site, like the state file
    default = f"ARCHIVER_DEFAULT_FEED={tmp_path}/{ARCHIVER_DEFAULT_FEED.removeprefix('output/')}"
    with Newsroom(3) as a, Newsroom(4) as b:
        run(a, tmp_path, default)
        log, stats = run(b, tmp_path, default)
        assert "caught up" not in log and "archiver/state/caught_up" not in stats
        feeds = {p.name: p.read_text().splitlines() for p in tmp_path.glob("*.jsonl")}
        port = {a: a.base.rsplit(":", 1)[1], b: b.base.rsplit(":", 1)[1]}
        assert sorted(feeds) == sorted(f"news-127.0.0.1_{port[s]}.jsonl" for s in (a, b))
        assert len(feeds[f"news-127.0.0.1_{port[a]}.jsonl"]) == 3
        assert all(a.base in line for line in feeds[f"news-127.0.0.1_{port[a]}.jsonl"])
        # One feed named for both (-o): a crawl of B never takes A's lines for its own.
        shared = f'FEEDS={{"{tmp_path}/shared.jsonl": {{"format": "jsonlines"}}}}'
        run(a, tmp_path / "x", shared)
        log, stats = run(b, tmp_path / "x", shared)
        assert "caught up" not in log and "archiver/state/caught_up" not in stats
        assert warnings(log) == []


# -- point 4: what went wrong is said, and only that ------------------------------------------
def test_a_dead_start_page_fails_the_run(tmp_path: Path) -> None:
    with Newsroom(2) as site:
        result = subprocess.run(
            crawl_command(site.url("/gone"), tmp_path), cwd=ROOT, capture_output=True, text=True
        )
    assert result.returncode == 1, result.stderr[-3000:]
    assert re.search(r"ERROR: Start page \S+/gone could not be fetched \(HTTP 404\)", result.stderr)
    assert last_summary(tmp_path)["exit"] == "1"


def test_a_locked_out_run_is_a_warning_not_an_error(tmp_path: Path) -> None:
    import fcntl

    with Newsroom(2) as site:
        port = site.base.rsplit(":", 1)[1]
        lock = tmp_path / "locks" / f"news-127.0.0.1_{port}.lock"
        lock.parent.mkdir(parents=True)
        with open(lock, "w") as held:
            fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
            held.write("pid 1 since then\n")
            held.flush()
            log, stats = run(site, tmp_path, status=75)
    assert "log_count/ERROR" not in stats
    assert [w for w in warnings(log) if "Another run of this crawl is in progress" in w]
    summary = last_summary(tmp_path)
    assert (summary["finish"], summary["exit"], summary["errors"]) == ("locked", "75", "0")


def test_a_run_that_fails_at_start_up_is_in_runs_log(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("")
    with Newsroom(2) as site:
        result = subprocess.run(
            crawl_command(site.url("/"), tmp_path, f"ARCHIVER_STATE_FILE={tmp_path}/a-file/s.db"),
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
    assert result.returncode == 1
    summary = last_summary(tmp_path)
    assert (summary["finish"], summary["exit"]) == ("startup_failed", "1")


def test_a_redirect_loop_is_a_warning(tmp_path: Path) -> None:
    def loop(site: Newsroom, path: str) -> tuple[int, list[tuple[str, str]], bytes]:
        target = "/loop1" if path == "/loop0" else "/loop0"
        return 302, [("Location", site.url(target))], b""

    with Newsroom(2) as site:
        site.extra["/loop*"] = loop
        # A page lost, like any other (issue 23: one exit rule): the run exits 1.
        log, stats = run(site, tmp_path, status=1)
    assert stats["archiver/failed/redirect_loop"] == 1
    assert [
        w
        for w in warnings(log)
        if re.search(
            r"Could not fetch \S+/loop1 \(redirect_loop\): redirect loop: \S+/loop0 -> ", w
        )
    ]
