"""WarcReplayMiddleware: reparse's downloader, answering each request from its WARC record."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Headers, Response
from scrapy.responsetypes import responsetypes

from archiver import meta
from archiver.spiders.reparse import STATS
from archiver.warc.reader import ArchivedRecord, WarcReadError, merge_revisit, read_record

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

# Twisted keeps these out of a live response's headers; a replayed one must look the same.
HOP_HEADERS = {b"transfer-encoding", b"connection", b"keep-alive"}


def response_from_record(rec: ArchivedRecord, request: Request) -> Response:
    """The Scrapy Response the downloader would have produced: body still content-encoded."""
    headers = Headers()
    for name, value in rec.http_headers:
        if name.lower().encode("latin-1") not in HOP_HEADERS:
            headers.appendlist(name, value)
    body = rec.payload or b""
    cls = responsetypes.from_args(headers=headers, url=request.url, body=body)
    return cls(
        url=request.url,
        status=rec.status or 200,
        headers=headers,
        body=body,
        request=request,
        protocol=rec.protocol,
        # As Scrapy flags a body cut short in a crawl: no item is made of part of a page.
        flags=[meta.DATALOSS_FLAG] if rec.truncated else None,
    )


class WarcReplayMiddleware:
    """Downloader middleware answering every request from the WARC record named in its meta.

    Like HttpCacheMiddleware it answers in ``process_request``, so the lower middlewares still
    see the response on its way back (HttpCompressionMiddleware decodes gzip/deflate/br/zstd as
    in a crawl). A request without a record is refused: a reparse never goes to the network.
    """

    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcReplayMiddleware:
        return cls(crawler.stats)

    def process_request(self, request: Request, spider: Any = None) -> Response:
        rec: ArchivedRecord | None = request.meta.get(meta.RECORD)
        if rec is None:
            self.stats.inc_value(f"{STATS}/requests_refused")
            raise IgnoreRequest(f"not in the WARC files, and reparse never downloads: {request}")
        if request.meta.get(meta.REDIRECT_URLS):
            # A redirect copies the meta: it would be answered from the same record again and
            # again. The crawl followed its redirects; their targets are records of their own.
            self.stats.inc_value(f"{STATS}/requests_refused/redirect")
            raise IgnoreRequest(f"reparse follows no redirect: {request}")
        try:
            if (original := request.meta.get(meta.ORIGINAL)) is not None:
                rec = merge_revisit(rec, read_record(*original))
            elif rec.payload is None:
                rec = read_record(rec.path, rec.offset)
        except WarcReadError as exc:
            self.stats.inc_value(f"{STATS}/records_failed")
            logger.error("%s", exc)
            raise IgnoreRequest(str(exc)) from exc
        return response_from_record(rec, request)
