"""The crawl state and IncrementalMiddleware decisions, on real SQLite files and real requests."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from scrapy import Request, Spider
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from archiver import meta
from archiver.downloadermiddlewares.incremental import IncrementalMiddleware
from archiver.extensions.feedstorage import LineFileFeedStorage, cut_partial_line
from archiver.extensions.runsummary import exit_status
from archiver.incremental import change_stamp
from archiver.items import WarcRef
from archiver.state import SqliteState, crawl_key
from archiver.warc.writer import Exchange, WarcWriter, Written

URL = "http://news.example/article/a?b=2&a=1"


class _Spider(Spider):
    name = "unit"
    start_urls = ["http://news.example:8080/"]


def record(state: SqliteState, url: str = URL, **kw) -> bool:
    values = {
        "payload_digest": "sha1:AAAA",
        "warc_filename": "unit.warc.gz",
        "warc_record_id": "<urn:uuid:1>",
        "warc_date": "2026-11-20T10:00:00.000000Z",
        "target_uri": url,
        "updated": "2026-11-20T09:00:00+00:00",
    }
    return state.record_version([url], **(values | kw))


def test_state_persists_in_wal_mode_keyed_by_canonical_url(tmp_path: Path) -> None:
    state = SqliteState(tmp_path / "s" / "unit.sqlite")
    assert record(state) is False
    assert record(state, payload_digest="sha1:BBBB") is True
    state.close()
    db = sqlite3.connect(tmp_path / "s" / "unit.sqlite")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    state = SqliteState(tmp_path / "s" / "unit.sqlite")
    page = state.get("http://news.example/article/a?a=1&b=2#comments")
    assert page is not None and page.versions == 2 and page.payload_digest == "sha1:BBBB"
    state.record_revisit([URL], fetched_at="2030-01-01T00:00:00+00:00")
    again = state.get(URL)
    assert again.last_fetched.startswith("2030") and again.last_changed == page.last_changed
    assert len(state) == 1


def test_crawl_key_names_spider_and_site() -> None:
    assert crawl_key(_Spider()) == "unit-news.example_8080"


def test_change_stamp_ignores_published_only() -> None:
    assert change_stamp({"published": "2026-01-01", "source": "feed"}) is None
    assert change_stamp({"lastmod": "2026-01-01", "updated": "2026-02-01T00:00Z"}).startswith(
        "2026-02"
    )


def middleware(tmp_path: Path, **settings) -> tuple[IncrementalMiddleware, object]:
    base = {
        "ARCHIVER_STATE_ENABLED": True,
        "ARCHIVER_STATE_DIR": str(tmp_path / "state"),
        "ARCHIVER_STATE_RECHECK_AFTER": 3600,
        "ARCHIVER_WARC_DIR": str(tmp_path / "warc"),
        "EXTENSIONS": {"archiver.state.owner.StateOwner": 990},
    }
    crawler = get_crawler(_Spider, base | settings)
    crawler.spider = crawler._create_spider()
    crawler.stats.open_spider()
    return IncrementalMiddleware.from_crawler(crawler), crawler


def candidate(url: str = URL, **evidence) -> Request:
    meta = {"depth": 1, "archiver_evidence": {"source": "sitemap", **evidence}}
    return Request(url, meta=meta)


def test_disabled_raises_not_configured(tmp_path: Path) -> None:
    with pytest.raises(NotConfigured):
        middleware(tmp_path, ARCHIVER_STATE_ENABLED=False)


def test_evidence_decides_skip_or_fetch(tmp_path: Path) -> None:
    mw, crawler = middleware(tmp_path)
    assert mw.process_request(candidate()) is None  # unknown: fetched
    record(mw.state)
    with pytest.raises(IgnoreRequest):
        mw.process_request(candidate(lastmod="2026-11-20T09:00:00+00:00"))
    with pytest.raises(IgnoreRequest):
        mw.process_request(candidate(lastmod="2026-11-19"))
    newer = candidate(lastmod="2026-11-21T08:00:00+01:00")
    assert mw.process_request(newer) is None
    assert newer.meta["archiver_previous"]["record_id"] == "<urn:uuid:1>"
    # A start URL is how new articles are found: always fetched, state or not.
    assert mw.process_request(Request(URL)) is None
    assert crawler.stats.get_value("archiver/state/skipped/unchanged") == 2


def test_without_evidence_recheck_interval_decides(tmp_path: Path) -> None:
    mw, crawler = middleware(tmp_path)
    record(mw.state)
    with pytest.raises(IgnoreRequest):
        mw.process_request(Request(URL, meta={"depth": 2}))
    assert crawler.stats.get_value("archiver/state/skipped/recent") == 1
    mw0, _ = middleware(tmp_path, ARCHIVER_STATE_RECHECK_AFTER=0)
    request = Request(URL, meta={"depth": 2})
    assert mw0.process_request(request) is None and "archiver_previous" in request.meta


def test_revisit_records_fetch_and_yields_nothing(tmp_path: Path) -> None:
    mw, crawler = middleware(tmp_path, ARCHIVER_STATE_RECHECK_AFTER=0)
    record(mw.state)
    request = candidate(lastmod="2027-01-01")
    mw.process_request(request)
    ref = WarcRef("unit.warc.gz", "<urn:uuid:2>")
    written = Written(ref, "sha1:AAAA", "2027-01-02T00:00:00Z", revisit=True)
    request.meta.update({meta.WRITTEN: written, meta.FETCHED_AT: "2027-01-02T00:00:00+00:00"})
    response = HtmlResponse(URL, body=b"<html></html>", request=request)
    with pytest.raises(IgnoreRequest):
        mw.process_response(request, response)
    page = mw.state.get(URL)
    assert page.last_fetched.startswith("2027-01-02") and page.evidence == "2027-01-01"
    assert crawler.stats.get_value("archiver/state/unchanged") == 1


def test_catch_up_with_an_item_exported_before_a_kill(tmp_path: Path) -> None:
    writer = WarcWriter(tmp_path / "warc", prefix="unit")
    written = writer.write_exchange(Exchange(url=URL, body=b"<html>story</html>"))
    ref, digest = written.ref, written.payload_digest
    # The dead run wrote the item's line, but not its state row; its WARC file is still open.
    feed = tmp_path / "unit.jsonl"
    item = {
        "url": URL,
        "updated": None,
        "warc": {"filename": ref.filename, "record_id": ref.record_id},
    }
    feed.write_text(json.dumps({"url": "http://news.example/old"}) + "\n" + json.dumps(item) + "\n")
    feeds = {str(tmp_path / "%(name)s.jsonl"): {"format": "jsonlines", "overwrite": False}}
    mw, crawler = middleware(tmp_path, FEEDS=feeds)
    page = mw.state.get(URL)
    assert page is not None and page.payload_digest == digest
    assert page.warc_record_id == ref.record_id
    assert crawler.stats.get_value("archiver/state/caught_up") == 1
    writer.close()


def test_feed_storage_cuts_partial_line_and_writes_through(tmp_path: Path) -> None:
    feed = tmp_path / "f.jsonl"
    feed.write_bytes(b'{"a": 1}\n{"b": 2}\n{"c": ')
    assert cut_partial_line(feed) == b'{"c": '
    assert feed.read_bytes() == b'{"a": 1}\n{"b": 2}\n'
    feed.write_bytes(b'{"a": 1}\n{"half')
    storage = LineFileFeedStorage(str(feed), feed_options={"format": "jsonlines"})
    fh = storage.open(None)
    fh.write(b'{"d": 4}\n')
    # Unbuffered: on disk before close, so a kill -9 right now keeps it.
    assert feed.read_bytes() == b'{"a": 1}\n{"d": 4}\n'
    storage.store(fh)


def test_exit_status() -> None:
    assert exit_status("finished", 0) == 0
    assert exit_status("closespider_timeout", 0) == 0
    assert exit_status("finished", 3) == 1
    assert exit_status("finished", 3, fail_on_errors=False) == 0
    assert exit_status("shutdown", 0) == 1
    assert exit_status("disk_full", 0) == 1
    assert exit_status("locked", 1) == 75


def test_content_digest_ignores_fetch_facts() -> None:
    from archiver.items import Article, WarcRef
    from archiver.state import content_digest

    a = Article(url=URL, headline="H", body="B", fetched_at="2026-01-01T00:00:00+00:00")
    b = Article(url=URL, headline="H", body="B", warc=WarcRef("f.warc.gz", "<urn:uuid:2>"))
    assert content_digest(a) == content_digest(b)
    assert content_digest(a) != content_digest(Article(url=URL, headline="H", body="B2"))
    assert content_digest(Article(url=URL)) is None
