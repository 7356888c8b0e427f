"""The cluster's Redis steps on a real server: a worker leaving is waited for before the run is
judged, and a request is never seen without being queued."""

from __future__ import annotations

import redis

from archiver.core.scheduler import _ENQUEUE, _JOIN, _LEAVE, RUN_TTL
from archiver.coverage import SiteCoverage
from archiver.state.shared import LEAVING, RedisState

BASE = "archiver:news-example.org"


def coverage(site: str, articles: int) -> SiteCoverage:
    return SiteCoverage(site=site, articles=articles)


def join(server: redis.Redis, member: str) -> RedisState:
    keys = [f"{BASE}:{k}" for k in ("run", "requests", "dupefilter", "workers")]
    server.register_script(_JOIN)(keys=keys, args=["run1", RUN_TTL, member, f"{BASE}:", 30])
    state = RedisState(server, BASE)
    state.join_run("run1", member)
    return state


def leave(server: redis.Redis, member: str) -> int:
    keys = [f"{BASE}:{k}" for k in ("run", "requests", "dupefilter", "workers")]
    return server.register_script(_LEAVE)(keys=keys, args=[member, f"{BASE}:", LEAVING, RUN_TTL])


def test_the_last_reporter_waits_for_a_worker_still_closing(redis_url: str) -> None:
    server = redis.Redis.from_url(redis_url)
    a, b = join(server, "a"), join(server, "b")
    # b leaves the queue first (its scheduler closes before its extensions report), then a
    # leaves as the last worker and reports: b has yet to report, so a must not judge.
    assert leave(server, "b") == 0
    assert leave(server, "a") == 1
    assert a.report_coverage([coverage("example.org", 30)]) is None
    judged = b.report_coverage([coverage("example.org", 12)])
    assert judged is not None
    assert [c.articles for c in judged] == [42]
    assert not server.keys(f"{BASE}:{LEAVING}:*")


def test_a_dead_worker_is_not_waited_for(redis_url: str) -> None:
    server = redis.Redis.from_url(redis_url)
    a, _ = join(server, "a"), join(server, "b")
    server.delete(f"{BASE}:alive:b")  # killed with -9: its heartbeat lapsed, no leave
    judged = a.report_coverage([coverage("example.org", 30)])
    assert judged is not None and [c.articles for c in judged] == [30]


def test_seen_and_queued_together(redis_url: str) -> None:
    server = redis.Redis.from_url(redis_url)
    enqueue = server.register_script(_ENQUEUE)
    keys = [f"{BASE}:dupefilter", f"{BASE}:requests"]
    assert enqueue(keys=keys, args=["fp1", 0, b"request-1"]) == 1
    assert enqueue(keys=keys, args=["fp1", 0, b"request-1-again"]) == 0
    assert server.smembers(keys[0]) == {b"fp1"}
    assert server.zrange(keys[1], 0, -1) == [b"request-1"]
