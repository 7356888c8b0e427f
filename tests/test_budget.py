"""SiteBudget in a real Redis: a cap across workers, delays on its clock, dead workers, pauses."""

from __future__ import annotations

import asyncio
import logging
import threading
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
import redis
from scrapy import Request
from scrapy.settings import Settings

from archiver.core.downloader import BudgetGate
from archiver.core.downloader.budget import POLL, SiteBudget, new_token
from archiver.downloadermiddlewares.retry import RetryAfterMiddleware
from tests.conftest import free_port

BASE = "archiver:test"
SITE = "news.example"
MEMBERS = ("host:1:aaaa", "host:2:bbbb", "host:3:cccc")


@pytest.fixture
def server(redis_url: str) -> redis.Redis:
    return redis.Redis.from_url(redis_url)


def alive(server: redis.Redis, member: str) -> None:
    server.set(f"{BASE}:alive:{member}", 1, ex=30)


def budgets(server: redis.Redis) -> dict[str, SiteBudget]:
    for member in MEMBERS:
        alive(server, member)
    return {m[-4:]: SiteBudget(server, BASE, m) for m in MEMBERS}


def redis_now(server: redis.Redis) -> float:
    seconds, micros = server.time()
    return seconds + micros / 1e6


def holders(server: redis.Redis, site: str = SITE) -> list[str]:
    return sorted(h.decode() for h in server.zrange(f"{BASE}:budget:{site}:holders", 0, -1))


# (worker, action, argument, expected): acquire -> granted or not (tokens kept by name),
# release -> the token named, die -> the worker's alive key deleted. Cap 2, no delay.
CAP_STEPS = [
    ("aaaa", "acquire", "t1", True),
    ("bbbb", "acquire", "t2", True),
    ("cccc", "acquire", "t3", False),  # two held in the cluster: the third waits
    ("aaaa", "acquire", "t4", False),  # whoever asks
    ("aaaa", "release", "t1", None),
    ("cccc", "acquire", "t5", True),  # a token given back is free for another worker
    ("aaaa", "acquire", "t6", False),
    ("bbbb", "die", None, None),  # killed, holding t2: its token goes at the next acquire
    ("aaaa", "acquire", "t7", True),
    ("cccc", "acquire", "t8", False),
    ("cccc", "release", "t5", None),
    ("cccc", "release", "t5", None),  # twice: no error, nothing else freed
    ("cccc", "acquire", "t9", True),
    ("aaaa", "acquire", "t10", False),
]


def test_cap_holds_across_workers_and_dead_workers_free_theirs(server: redis.Redis) -> None:
    budget = budgets(server)
    tokens: dict[str, tuple[str, str]] = {}
    for i, (who, action, arg, expected) in enumerate(CAP_STEPS):
        if action == "acquire":
            token, wait = budget[who].acquire(SITE, 2, 0.0)
            assert (token is not None) == expected, (i, who, arg, holders(server))
            if token is None:
                assert wait == pytest.approx(POLL)  # the cap holds: ask again soon
            else:
                assert wait == 0.0
                tokens[arg] = (who, token)
        elif action == "release":
            owner, token = tokens[arg]
            assert owner == who
            budget[who].release(SITE, token)
        elif action == "die":
            server.delete(f"{BASE}:alive:{budget[who].member}")
    assert holders(server) == sorted(
        f"{budget[w].member}|{t}" for w, t in (tokens["t7"], tokens["t9"])
    )


# (worker, action, token, expected) as above, in line: the worker keeps its token over asks.
# "late": the worker's time to ask again is past (it stopped asking); "clock": the delay is over.
LINE_STEPS = [
    ("aaaa", "acquire", "a1", True),
    ("bbbb", "acquire", "b1", True),
    ("cccc", "wait", "c1", False),
    ("aaaa", "wait", "a2", False),  # behind c
    ("aaaa", "release", "a1", None),
    ("aaaa", "wait", "a2", False),  # a token is free, but c came first
    ("aaaa", "acquire", "a3", False),  # and a one-off ask is behind the whole line
    ("cccc", "wait", "c1", True),
    ("bbbb", "wait", "b2", False),
    ("bbbb", "release", "b1", None),
    ("bbbb", "wait", "b2", False),  # behind a
    ("aaaa", "wait", "a2", True),
    ("cccc", "release", "c1", None),
    ("cccc", "wait", "c2", False),
    ("bbbb", "late", "b2", None),  # b stopped asking: it leaves the line at the next ask
    ("cccc", "wait", "c2", True),
]


def test_tokens_go_first_come_first_served(server: redis.Redis) -> None:
    budget = budgets(server)
    tokens = {}
    site = f"{BASE}:budget:{SITE}"
    for i, (who, action, name, expected) in enumerate(LINE_STEPS):
        member = budget[who].member
        if action in ("acquire", "wait"):
            token = tokens.setdefault(name, new_token()) if action == "wait" else None
            got, _ = budget[who].acquire(SITE, 2, 0.0, token)
            assert (got is not None) == expected, (i, who, name, holders(server))
            if got is not None:
                tokens[name] = got
        elif action == "release":
            budget[who].release(SITE, tokens[name])
        elif action == "late":
            server.zadd(f"{site}:due", {f"{member}|{tokens[name]}": 0})
    assert not server.exists(f"{site}:line") and not server.exists(f"{site}:due")


def test_with_a_delay_the_first_in_line_takes_the_next_start(server: redis.Redis) -> None:
    budget = budgets(server)
    clock = f"{BASE}:budget:{SITE}:clock"
    b, c = new_token(), new_token()
    assert budget["aaaa"].acquire(SITE, 10, 30)[0]
    assert 29 < budget["bbbb"].acquire(SITE, 10, 30, b)[1] <= 30
    assert 29 < budget["cccc"].acquire(SITE, 10, 30, c)[1] <= 30
    server.hset(clock, "last", 0)  # the delay is over
    token, wait = budget["cccc"].acquire(SITE, 10, 30, c)
    assert token is None and wait == pytest.approx(POLL)  # b came first
    assert budget["bbbb"].acquire(SITE, 10, 30, b)[0] == b
    assert 29 < budget["cccc"].acquire(SITE, 10, 30, c)[1] <= 30  # the delay, from b's start


def test_sites_and_crawls_have_budgets_of_their_own(server: redis.Redis) -> None:
    budget = budgets(server)
    assert budget["aaaa"].acquire(SITE, 1, 0)[0]
    assert budget["bbbb"].acquire(SITE, 1, 0)[0] is None
    assert budget["bbbb"].acquire("other.example", 1, 0)[0]
    alive(server, MEMBERS[1])
    other_crawl = SiteBudget(server, "archiver:other", MEMBERS[1])
    server.set(f"archiver:other:alive:{MEMBERS[1]}", 1, ex=30)
    assert other_crawl.acquire(SITE, 1, 0)[0]


def test_delay_spaces_grants_cluster_wide_on_redis_clock(server: redis.Redis) -> None:
    budget = budgets(server)
    delay = 0.2
    grants = []
    for who in ("aaaa", "bbbb", "cccc", "aaaa"):
        while True:
            token, wait = budget[who].acquire(SITE, 10, delay)
            if token is not None:
                break
            assert 0 < wait <= delay
            threading.Event().wait(wait)  # as the downloader does: what the budget said
        grants.append(float(server.hget(f"{BASE}:budget:{SITE}:clock", "last")) / 1e6)
        budget[who].release(SITE, token)  # a free cap does not lift the delay
    gaps = [b - a for a, b in zip(grants, grants[1:], strict=False)]
    assert all(gap >= delay for gap in gaps), gaps
    # The very next request waits the delay less what has passed since the last grant.
    # Redis reads its clock inside the call, between these two readings of it.
    before = redis_now(server)
    token, wait = budget["bbbb"].acquire(SITE, 10, delay)
    after = redis_now(server)
    assert token is None
    assert delay - (after - grants[-1]) - 1e-6 <= wait <= delay - (before - grants[-1]) + 1e-6
    assert wait > 0


def test_pause_holds_every_worker_and_is_never_shortened(server: redis.Redis) -> None:
    budget = budgets(server)
    budget["aaaa"].pause(SITE, 30)
    budget["bbbb"].pause(SITE, 5)  # shorter than the pause in force: no change
    for who in budget:
        token, wait = budget[who].acquire(SITE, 4, 0)
        assert token is None
        assert 29 < wait <= 30
    assert budget["cccc"].acquire("other.example", 4, 0)[0]  # another site is not paused
    # The pause keeps the clock alive at least that long.
    assert server.pttl(f"{BASE}:budget:{SITE}:clock") > 30_000
    # Long enough that a loaded machine still asks within it; the test then waits it out.
    budget["aaaa"].pause("brief.example", 0.5)
    token, wait = budget["aaaa"].acquire("brief.example", 4, 0)
    assert token is None and 0 < wait <= 0.5
    threading.Event().wait(wait)
    assert budget["aaaa"].acquire("brief.example", 4, 0)[0]


def test_keys_go_once_unused(server: redis.Redis) -> None:
    budget = SiteBudget(server, BASE, MEMBERS[0], stale_after=600, max_delay=0)
    alive(server, MEMBERS[0])
    token, _ = budget.acquire(SITE, 2, 0.5)
    assert 0 < server.pttl(f"{BASE}:budget:{SITE}:holders") <= 600_000
    assert 0 < server.pttl(f"{BASE}:budget:{SITE}:clock") <= 1_500  # delay + 1 s
    budget.release(SITE, token)
    assert not server.exists(f"{BASE}:budget:{SITE}:holders")  # no token left: no key


class Stats:
    def __init__(self) -> None:
        self.values: dict[str, float] = {}

    def inc_value(self, key: str, count: float = 1) -> None:
        self.values[key] = self.values.get(key, 0) + count


def test_gate_without_redis_logs_once_and_lets_transfers_go(
    server: redis.Redis, caplog: pytest.LogCaptureFixture
) -> None:
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    nowhere = redis.Redis(port=free_port(), socket_connect_timeout=1, retry=Retry(NoBackoff(), 0))
    stats = Stats()
    gate = BudgetGate(SiteBudget(nowhere, BASE, MEMBERS[0]), stats)  # type: ignore[arg-type]
    with caplog.at_level(logging.INFO, logger="archiver"):
        assert asyncio.run(gate.take(SITE, 2, 0)) is None
        assert asyncio.run(gate.take(SITE, 2, 0)) is None  # Redis not asked again for a while
        gate.give_back(SITE, "lost")  # a release that could not be made: kept for later
        gate.pause(SITE, 5)
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1 and "unreachable" in errors[0].getMessage()
    assert stats.values["archiver/budget/redis_errors"] == 1
    # Redis back: the token whose release failed is given back, the budget holds again.
    alive(server, MEMBERS[0])
    server.zadd(f"{BASE}:budget:{SITE}:holders", {f"{MEMBERS[0]}|lost": redis_now(server) * 1e6})
    gate.budget = SiteBudget(server, BASE, MEMBERS[0])
    gate.down_until = 0.0
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="archiver.core.downloader"):
        token = asyncio.run(gate.take(SITE, 2, 0))
    assert token is not None
    assert holders(server) == [f"{MEMBERS[0]}|{token}"]
    assert "Redis answers again" in caplog.text


def test_retry_after_pauses_the_site_for_every_worker(server: redis.Redis) -> None:
    settings = Settings()
    settings.setmodule("archiver.settings")
    middleware = RetryAfterMiddleware(settings)
    budget = budgets(server)
    downloader = SimpleNamespace(
        gate=BudgetGate(budget["aaaa"], Stats()),
        get_slot_key=lambda request: urlsplit(request.url).hostname,
        slots={},  # this worker has no slot for the site (yet): the cluster waits all the same
    )
    middleware.crawler = SimpleNamespace(engine=SimpleNamespace(downloader=downloader))
    middleware._pause(Request(f"http://{SITE}/article/1"), 20)
    token, wait = budget["bbbb"].acquire(SITE, 4, 0)
    assert token is None and 19 < wait <= 20
