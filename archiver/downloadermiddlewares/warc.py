"""WarcMiddleware: records every downloaded exchange through a WarcWriter, before decompression."""

from __future__ import annotations

import logging
from dataclasses import asdict
from importlib.metadata import version
from typing import TYPE_CHECKING, Any

import scrapy
from scrapy import Request, signals
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Headers, Response

import archiver
from archiver import meta
from archiver.extensions import stop_crawl
from archiver.warc.info import CrawlInfo
from archiver.warc.writer import (
    Exchange,
    Previous,
    Rendered,
    WarcDiskFullError,
    WarcWriter,
    Written,
)

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

WARCIO_VERSION = version("warcio")

#: Stats of the WARC writing: records written (and ``.../<WARC-Type>``), revisits, bytes of
#: payload, files closed, the directory, records recovered from a crash, writes refused for a
#: full disk, and rendered pages of which the browser kept no exchange to archive.
WARC_STATS = "archiver/warc"
RECORDS = f"{WARC_STATS}/records"
REVISITS = f"{WARC_STATS}/revisits"
BYTES = f"{WARC_STATS}/bytes"
FILES = f"{WARC_STATS}/files"
DIR = f"{WARC_STATS}/dir"
RECOVERED = f"{WARC_STATS}/recovered"
DISK_FULL = f"{WARC_STATS}/disk_full"
RENDER_NOT_CAPTURED = "archiver/render/not_captured"


def _header_list(headers: Headers) -> list[tuple[str, str]]:
    # Repeated headers (Set-Cookie, Link...) are kept as separate lines, in order.
    return [(k.decode("latin-1"), v.decode("latin-1")) for k, vs in headers.items() for v in vs]


def exchange_from(request: Request, response: Response) -> Exchange:
    """Build the Exchange of a request and its (not yet decompressed) response."""
    wire = request.meta.get(meta.WIRE) or {}
    resp_headers = _header_list(response.headers)
    resp_headers.extend(wire.get("connection_headers") or [])
    return Exchange(
        url=response.url,
        method=request.method,
        request_headers=_header_list(request.headers),
        request_body=request.body,
        status=response.status,
        reason=wire.get("reason", ""),
        protocol=response.protocol or "HTTP/1.1",
        response_headers=resp_headers,
        body=response.body,
        ip_address=str(response.ip_address) if response.ip_address else None,
        truncated="disconnect" if meta.DATALOSS_FLAG in response.flags else None,
    )


class WarcMiddleware:
    """Downloader middleware archiving each exchange; place it above HttpCompressionMiddleware.

    Settings: ``ARCHIVER_WARC_ENABLED``, ``ARCHIVER_WARC_DIR``, ``ARCHIVER_WARC_PREFIX``,
    ``ARCHIVER_WARC_MAX_SIZE`` (bytes before rotation), ``ARCHIVER_WARC_OPERATOR``,
    ``ARCHIVER_WARC_DESCRIPTION``. Sets ``meta.WARC`` to the response record's
    ``{filename, record_id}`` so items can point at their bytes, ``meta.FETCHED_AT``, and
    ``meta.WRITTEN`` (the writer's ``Written``: digest, date, revisit or not) for the crawl
    state; a response is written as a revisit of ``meta.PREVIOUS`` (a ``Previous`` as a dict)
    when its payload is the same (archiver.meta has the keys).

    A full disk stops the crawl (finish_reason ``disk_full``) and drops the response: no item
    is made from bytes that are not archived.
    """

    def __init__(
        self,
        directory: str,
        *,
        prefix: str,
        max_size: int,
        warcinfo: dict[str, str],
        stats: StatsCollector,
    ) -> None:
        self.writer = WarcWriter(directory, prefix=prefix, max_size=max_size, warcinfo=warcinfo)
        self.stats = stats
        self.crawler: Crawler | None = None
        if self.writer.recovered:
            self.stats.inc_value(RECOVERED, len(self.writer.recovered))

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcMiddleware:
        s = crawler.settings
        if not s.getbool("ARCHIVER_WARC_ENABLED"):
            raise NotConfigured
        spider_name = crawler.spidercls.name or "crawl"
        info = {
            "software": f"news-archiver/{archiver.__version__} "
            f"(Scrapy/{scrapy.__version__}; warcio/{WARCIO_VERSION})",
            "conformsTo": "https://iipc.github.io/warc-specifications/specifications/"
            "warc-format/warc-1.1/",
            "isPartOf": spider_name,
            "robots": "obey" if s.getbool("ROBOTSTXT_OBEY") else "ignore",
            "http-header-user-agent": s.get("USER_AGENT") or "",
        }
        if s.get("ARCHIVER_WARC_OPERATOR"):
            info["operator"] = s.get("ARCHIVER_WARC_OPERATOR")
        if s.get("ARCHIVER_WARC_DESCRIPTION"):
            info["description"] = s.get("ARCHIVER_WARC_DESCRIPTION")
        # What the spider knows of the site (profile, hints): the archive describes itself,
        # and a reparse of it needs no arguments to reproduce the crawl's items.
        describe = getattr(crawler.spider, "crawl_info", None)
        crawl = describe() if callable(describe) else CrawlInfo()
        if s.get("ARCHIVER_DEFAULT_TIMEZONE"):
            crawl.hints.setdefault("timezone", s.get("ARCHIVER_DEFAULT_TIMEZONE"))
        info |= crawl.to_fields()
        o = cls(
            s.get("ARCHIVER_WARC_DIR"),
            prefix=s.get("ARCHIVER_WARC_PREFIX") or spider_name,
            max_size=s.getint("ARCHIVER_WARC_MAX_SIZE"),
            warcinfo=info,
            stats=crawler.stats,
        )
        o.crawler = crawler
        crawler.signals.connect(o.spider_closed, signal=signals.spider_closed)
        return o

    def process_response(
        self, request: Request, response: Response, spider: Any = None
    ) -> Request | Response:
        # Popped: a request retried later must not carry a browser's capture into a queue.
        capture = request.meta.pop(meta.CAPTURE, None)
        if request.meta.get(meta.DONT_ARCHIVE) or "cached" in response.flags:
            return response
        files_before = len(self.writer.files_closed)
        records_before = self.writer.records.copy()
        try:
            if capture is not None:
                exchange, written = self._write_rendered(request, response, capture)
            else:
                exchange = exchange_from(request, response)
                prev = request.meta.get(meta.PREVIOUS)
                written = self.writer.write_exchange(exchange, Previous(**prev) if prev else None)
        except WarcDiskFullError as exc:
            self.stats.inc_value(DISK_FULL)
            logger.critical("Disk full, stopping the crawl: %s not archived (%s)", request.url, exc)
            if self.crawler is not None:
                stop_crawl(self.crawler, "disk_full")
            raise IgnoreRequest(f"not archived, disk full: {request.url}") from exc
        request.meta[meta.WARC] = asdict(written.ref)
        request.meta[meta.WRITTEN] = written
        if written.revisit:
            self.stats.inc_value(REVISITS)
        # The item's fetched_at is the WARC-Date of its record: one clock for both.
        request.meta[meta.FETCHED_AT] = exchange.date.isoformat(timespec="seconds")
        # By WARC-Type, a new file's warcinfo included: the records the files hold, as
        # `scrapy reparse` and `scrapy warc-index` count them when they read the files.
        for kind, n in (self.writer.records - records_before).items():
            self.stats.inc_value(RECORDS, n)
            self.stats.inc_value(f"{RECORDS}/{kind}", n)
        if capture is None:
            self.stats.inc_value(BYTES, len(response.body))
        self.stats.inc_value(FILES, len(self.writer.files_closed) - files_before)
        return response

    def _write_rendered(
        self, request: Request, response: Response, capture: Any
    ) -> tuple[Exchange, Written]:
        """The records of a page the browser rendered (archiver.render): its exchanges as the
        browser saw them and the rendered DOM (``response.body``) as a conversion record."""
        document = capture.document
        if document is None:
            # The browser's own exchange was not seen: there is nothing true to archive, and no
            # item is made from bytes that are not archived.
            self.stats.inc_value(RENDER_NOT_CAPTURED)
            raise IgnoreRequest(f"rendered, but the browser's exchange was not captured: {request}")
        ctype = response.headers.get("Content-Type", b"text/html").decode("latin-1")
        dom_type = f"{ctype.split(';')[0].strip()}; charset={response.encoding}"
        page = Rendered(document, response.body, dom_type, capture.resources)
        written = self.writer.write_rendered(page)
        self.stats.inc_value(BYTES, sum(len(e.body) for e in page.resources) + len(document.body))
        return document, written

    def spider_closed(self, spider: Any = None) -> None:
        if self.writer.close() is not None:
            self.stats.inc_value(FILES)
        self.stats.set_value(DIR, str(self.writer.directory))
