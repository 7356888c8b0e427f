"""WarcMiddleware built the Scrapy way: settings, NotConfigured, meta["warc"], stats."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy import Request, Spider
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler
from warcio.archiveiterator import ArchiveIterator

from archiver import meta
from archiver.downloadermiddlewares.warc import WarcMiddleware


class _Spider(Spider):
    name = "unit"


def make(tmp_path: Path, **settings) -> tuple[WarcMiddleware, object]:
    base = {
        "ARCHIVER_WARC_ENABLED": True,
        "ARCHIVER_WARC_DIR": str(tmp_path),
        "ARCHIVER_WARC_PREFIX": "",
        "ARCHIVER_WARC_MAX_SIZE": 10**9,
        "ARCHIVER_WARC_OPERATOR": "Desk <desk@example.org>",
    }
    crawler = get_crawler(_Spider, base | settings)
    return WarcMiddleware.from_crawler(crawler), crawler


def test_disabled_raises_not_configured(tmp_path: Path) -> None:
    with pytest.raises(NotConfigured):
        make(tmp_path, ARCHIVER_WARC_ENABLED=False)


def test_process_response_archives_and_sets_meta(tmp_path: Path) -> None:
    mw, crawler = make(tmp_path)
    crawler.stats.open_spider()
    request = Request("http://news.example/a", headers={"User-Agent": "ua"})
    request.meta[meta.WIRE] = {"reason": "OK", "connection_headers": [("Connection", "close")]}
    response = HtmlResponse(
        request.url,
        status=200,
        headers={"Content-Type": "text/html", "Set-Cookie": ["x=1", "y=2"]},
        body=b"<html><p>hello</p></html>",
        request=request,
        ip_address=__import__("ipaddress").ip_address("10.1.2.3"),
        protocol="HTTP/1.1",
    )
    assert mw.process_response(request, response) is response
    ref = request.meta["warc"]
    assert ref["filename"].startswith("unit-") and ref["record_id"].startswith("<urn:uuid:")
    assert request.meta["fetched_at"].endswith("+00:00")
    mw.spider_closed()
    # The file's warcinfo, then the exchange's request and response.
    assert crawler.stats.get_value("archiver/warc/records") == 3
    assert crawler.stats.get_value("archiver/warc/records/warcinfo") == 1
    assert crawler.stats.get_value("archiver/warc/records/request") == 1
    assert crawler.stats.get_value("archiver/warc/records/response") == 1
    assert crawler.stats.get_value("archiver/warc/files") == 1
    with open(tmp_path / ref["filename"], "rb") as fh:
        recs = {r.rec_type: r for r in ArchiveIterator(fh, check_digests="raise")}
        info = recs["warcinfo"]
    resp = recs["response"]
    assert resp.rec_headers.get_header("WARC-Record-ID") == ref["record_id"]
    assert resp.rec_headers.get_header("WARC-IP-Address") == "10.1.2.3"
    assert [v for k, v in resp.http_headers.headers if k == "Set-Cookie"] == ["x=1", "y=2"]
    assert resp.http_headers.get_header("Connection") == "close"
    assert info is not None


def test_dont_archive_meta_skips(tmp_path: Path) -> None:
    mw, crawler = make(tmp_path)
    crawler.stats.open_spider()
    request = Request("http://news.example/b", meta={"dont_archive": True})
    response = HtmlResponse(request.url, body=b"<html></html>", request=request)
    mw.process_response(request, response)
    assert "warc" not in request.meta
    mw.spider_closed()
    assert list(tmp_path.iterdir()) == []
