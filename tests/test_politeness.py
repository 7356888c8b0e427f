"""Politeness: Retry-After honoured (both forms, bounded), contact in User-Agent, CLOSESPIDER_*."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest
from scrapy.settings import Settings

from archiver.addons.contact import ContactUserAgent
from archiver.demo.server import DemoSite
from archiver.downloadermiddlewares.retry import retry_after_seconds
from tests.newsroom import Newsroom
from tests.test_news_spider import paths, run_crawl

NOW = datetime(2026, 11, 25, 8, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("120", 120.0),
        (b"0", 0.0),
        (" 7 ", 7.0),
        ("Wed, 25 Nov 2026 08:00:30 GMT", 30.0),
        ("Wed, 25 Nov 2026 07:59:00 GMT", 0.0),  # in the past: no wait
        ("soon", None),
        ("-5", None),
        (None, None),
    ],
)
def test_retry_after_seconds(value, expected) -> None:
    assert retry_after_seconds(value, now=NOW) == expected


@pytest.mark.parametrize(
    ("contact", "agent", "expected"),
    [
        ("", None, "bot/0.1 (+https://x; research)"),
        ("jane@example.org", None, "bot/0.1 (+https://x; research; contact: jane@example.org)"),
        ("jane@example.org", "MyBot/1.0", "MyBot/1.0"),  # set on the command line: left alone
    ],
)  # fmt: skip
def test_contact_folded_into_user_agent(contact, agent, expected) -> None:
    settings = Settings({"USER_AGENT": "bot/0.1 (+https://x; research)"}, "project")
    settings.set("ARCHIVER_CONTACT", contact, "cmdline")
    if agent:
        settings.set("USER_AGENT", agent, "cmdline")
    ContactUserAgent().update_settings(settings)
    assert settings["USER_AGENT"] == expected


REEF = "/news/article/reef-bleaching-survey"
MARKETS = "/news/article/markets-rally-on-rate-hopes"
BUDGET = "/news/article/pm-defends-budget-measures"


def test_retry_after_honoured_site_paused_and_long_waits_given_up(tmp_path: Path) -> None:
    # An HTTP-date has whole seconds: the retry must come after it, whenever the 503 came.
    when = (datetime.now(UTC) + timedelta(seconds=2)).replace(microsecond=0)
    deadline = time.monotonic() + (when - datetime.now(UTC)).total_seconds()
    soon = format_datetime(when, usegmt=True)
    routes = {
        REEF: [(429, {"Retry-After": "1"})],
        MARKETS: [(503, {"Retry-After": soon})],
        BUDGET: [(429, {"Retry-After": "3600"})],  # above ARCHIVER_RETRY_AFTER_MAX
    }
    with DemoSite(routes=routes) as site:
        items, log, code = run_crawl(
            tmp_path, "-a", "site=demo", "-a", f"base={site.base_url}",
            "-s", "ARCHIVER_RETRY_AFTER_MAX=3", "-s", "ARCHIVER_CONTACT=jane@example.org",
        )  # fmt: skip
    # BUDGET, whose Retry-After is too long to wait, is a page lost: exit 1 (issue 23).
    assert code == 1, log[-3000:]
    assert re.search(r"Could not fetch \S+ \(http_429\): the server answered 429", log)
    got = paths(items)
    assert REEF in got and MARKETS in got and BUDGET not in got
    assert len(got) == len(set(got)) == 3
    times = {p: [t for t, path, _ in site.requests if path == p] for p in (REEF, MARKETS, BUDGET)}
    assert len(times[REEF]) == 2 and times[REEF][1] - times[REEF][0] >= 0.9
    assert len(times[MARKETS]) == 2 and times[MARKETS][1] >= deadline - 0.05
    assert len(times[BUDGET]) == 1
    assert "'archiver/retry/backoff': 2" in log
    assert "'archiver/retry/gave_up_retry_after': 1" in log
    assert all("contact: jane@example.org" in (ua or "") for _, _, ua in site.requests)


def test_closespider_itemcount_from_command_line(tmp_path: Path) -> None:
    # Pages already downloaded or in the extraction pool when the limit is reached are still
    # exported (as in Scrapy): a site of many articles shows the crawl stopped early. The
    # extraction runs in the crawl's process here: with worker processes, how many pages
    # are downloaded while the first one is extracted depends on the machine's speed.
    with Newsroom(40) as site:
        items, log, code = run_crawl(
            tmp_path, "-a", f"start={site.url('/')}",
            "-s", "CLOSESPIDER_ITEMCOUNT=1", "-s", "CONCURRENT_REQUESTS=1",
            "-s", "ARCHIVER_EXTRACT_WORKERS=0",
        )  # fmt: skip
    assert code == 0, log[-3000:]
    assert "'finish_reason': 'closespider_itemcount'" in log
    assert 1 <= len(items) < 20
