"""The crawl state's one interface, held by both backends: SQLite and a real Redis server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from archiver.coverage import FIELDS, Drift, SiteCoverage
from archiver.state import StateStore
from archiver.state.shared import RedisState
from archiver.state.sqlite import SqliteState
from archiver.state.transfer import copy_state

URL = "http://news.example/article/a?b=2&a=1"
SAME = "http://news.example/article/a?a=1&b=2#comments"  # the same page, another spelling


@pytest.fixture(params=["sqlite", "redis"])
def state(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StateStore]:
    if request.param == "sqlite":
        store: StateStore = SqliteState(tmp_path / "state.sqlite")
    else:
        store = RedisState.from_url(request.getfixturevalue("redis_url"), "archiver:unit")
    yield store
    store.close()


def version(state: StateStore, url: str = URL, **kw) -> bool:
    values = {
        "payload_digest": "sha1:AAAA",
        "warc_filename": "unit.warc.gz",
        "warc_record_id": "<urn:uuid:1>",
        "warc_date": "2026-11-20T10:00:00.000000Z",
        "target_uri": url,
        "updated": "2026-11-20T09:00:00+00:00",
        "fetched_at": "2026-11-20T10:00:00+00:00",
    }
    return state.record_version([url], **(values | kw))


def test_versions_revisits_and_rows(state: StateStore) -> None:
    assert state.get(URL) is None and len(state) == 0
    assert version(state) is False
    # A newer version without dates or evidence keeps those of the last one.
    assert version(state, payload_digest="sha1:BBBB", updated=None, content_digest="c1") is True
    page = state.get(SAME)
    assert page is not None
    assert (page.versions, page.payload_digest, page.updated, page.content_digest) == (
        2, "sha1:BBBB", "2026-11-20T09:00:00+00:00", "c1",
    )  # fmt: skip
    assert page.target_uri == URL and page.first_seen == "2026-11-20T10:00:00+00:00"
    state.record_revisit([URL], fetched_at="2030-01-01T00:00:00+00:00", evidence="2029-12-31")
    again = state.get(URL)
    assert again.last_fetched.startswith("2030") and again.last_changed == page.last_changed
    assert again.evidence == "2029-12-31" and again.versions == 2
    # A redirect chain: every URL of it answers for the page, in one write.
    chain = ["http://news.example/short", "http://news.example/article/b"]
    assert state.record_version(chain, **{k: None for k in RECORD}, target_uri=chain[1]) is False
    assert state.get(chain[0]).target_uri == chain[1]
    assert len(state) == 3 and {p.url for p in state.pages()} == {
        "http://news.example/article/a?a=1&b=2", *chain,
    }  # fmt: skip


RECORD = ("payload_digest", "warc_filename", "warc_record_id", "warc_date")


def coverage(site: str, articles: int, authors: int) -> SiteCoverage:
    have = dict.fromkeys(FIELDS, articles) | {"authors": authors}
    return SiteCoverage(site, articles, have, 1200)


def add_run(state: StateStore, n: int, covs: list[SiteCoverage], alarms: list[Drift]) -> int:
    return state.add_run(
        crawl="news-site",
        started=f"2026-11-2{n}T10:00:00+00:00",
        finished=f"2026-11-2{n}T10:05:00+00:00",
        finish_reason="finished",
        exit_status=0,
        counts={"fetched": 10 * n, "new": n, "items": n},
        elapsed=300.0,
        coverage=covs,
        alarms=alarms,
    )


def test_runs_coverage_and_alarms(state: StateStore) -> None:
    drift = Drift("a.example", "authors", 1, 40, 0.95, 3)
    first = add_run(state, 1, [coverage("a.example", 40, 40), coverage("b.example", 5, 0)], [])
    second = add_run(state, 2, [coverage("a.example", 40, 1)], [drift])
    runs = state.runs()
    assert [r.id for r in runs] == [first, second] and first < second
    assert (runs[1].fetched, runs[1].new, runs[1].items, runs[1].skipped) == (20, 2, 2, 0)
    assert [(n, c.site, c.have["authors"]) for n, c in state.coverage()] == [
        (first, "a.example", 40), (first, "b.example", 0), (second, "a.example", 1),
    ]  # fmt: skip
    assert state.alarms() == [(second, drift)]
    assert [c.have["authors"] for c in state.history("a.example", 10)] == [40, 1]
    assert [c.have["authors"] for c in state.history("a.example", 1)] == [1]


def test_a_machine_state_copied_into_redis(tmp_path: Path, redis_url: str) -> None:
    source = SqliteState(tmp_path / "state.sqlite")
    version(source)
    version(source, "http://news.example/other", content_digest="c2")
    add_run(source, 1, [coverage("news.example", 2, 2)], [])
    target = RedisState.from_url(redis_url, "archiver:news-site")
    copied = copy_state(source, target)
    assert (copied.pages, copied.runs) == (2, 1)
    assert sorted(source.pages(), key=lambda p: p.url) == sorted(
        target.pages(), key=lambda p: p.url
    )
    assert [(r.crawl, r.new, r.started) for r in target.runs()] == [
        (r.crawl, r.new, r.started) for r in source.runs()
    ]
    assert [c for _, c in target.coverage()] == [c for _, c in source.coverage()]
