"""Reparse: the crawl's trip through Scrapy with the downloader replaced by a WARC reader."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import scrapy
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Headers, Response, TextResponse
from scrapy.responsetypes import responsetypes

from archiver.article_page import decide_article, page_from_response
from archiver.discovery import DiscoveryError, parse_feed, parse_sitemap
from archiver.profiles import EVIDENCE_HINTS
from archiver.urls import canonical_url
from archiver.warc.reader import (
    ArchivedRecord,
    RevisitIndex,
    WarcReadError,
    decode_body,
    iter_records,
    merge_revisit,
    read_record,
)

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

#: request.meta key holding where the archived response is: {"path", "offset", "original"}.
META_KEY = "archiver_record"
STATS = "archiver/reparse"
#: request.meta key of what archived sitemaps and feeds said of a page, as in the news spider.
EVIDENCE_KEY = "archiver_evidence"
LISTING_TYPES = ("xml", "rss", "atom", "gzip")
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
        where = request.meta.get(META_KEY)
        if not where:
            self.stats.inc_value(f"{STATS}/requests_refused")
            raise IgnoreRequest(f"not in the WARC files, and reparse never downloads: {request}")
        try:
            rec = read_record(where["path"], where["offset"])
            if where.get("original"):
                rec = merge_revisit(rec, read_record(*where["original"]))
        except WarcReadError as exc:
            self.stats.inc_value(f"{STATS}/records_failed")
            logger.error("%s", exc)
            raise IgnoreRequest(str(exc)) from exc
        return response_from_record(rec, request)


class WarcSpider(scrapy.Spider):
    """Reads WARC files and yields an ArticlePage per archived article, as the news spider does.

    Arguments: ``files`` (WARC paths), ``all_pages`` (every HTML response, not only articles),
    ``timezone`` (for dates printed without offset), ``site`` and ``base`` (a site profile:
    its hints and article patterns, as in ``scrapy crawl news -a site=``).
    Stats under ``archiver/reparse/``: ``files``, ``files_failed``, ``records``,
    ``records_skipped/<why>``, ``revisits_resolved``, ``pages/article``, ``pages/other``.
    """

    name = "reparse"
    custom_settings = {
        # The archive is read, never written again, and nothing is fetched: robots.txt was
        # obeyed when the pages were crawled, redirects and retries were answered then.
        "ARCHIVER_WARC_ENABLED": False,
        "ROBOTSTXT_OBEY": False,
        "REDIRECT_ENABLED": False,
        "RETRY_ENABLED": False,
        "COOKIES_ENABLED": False,
        "HTTPCACHE_ENABLED": False,
        "AUTOTHROTTLE_ENABLED": False,
        "DOWNLOAD_DELAY": 0,
        "CONCURRENT_REQUESTS": 32,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 32,
        "DEPTH_LIMIT": 0,
        # Every capture is its own item: the same article archived by several crawls (or a
        # revisit of it) is history an archivist wants, not a duplicate. -s turns it back on.
        "ARCHIVER_DEDUPE_ENABLED": False,
        # Crawl bookkeeping: a reparse neither takes the crawl's lock, nor touches its
        # incremental state, nor adds a line to its run log.
        "ARCHIVER_LOCK_ENABLED": False,
        "ARCHIVER_STATE_ENABLED": False,
        "ARCHIVER_RUN_SUMMARY_ENABLED": False,
        # Replaces the project's list: the crawl's own middlewares (archiving, politeness,
        # incremental state) have no business in a reparse.
        "DOWNLOADER_MIDDLEWARES": {"archiver.reparse.WarcReplayMiddleware": 960},
    }

    def __init__(
        self,
        files: list[str] | str = (),  # type: ignore[assignment]
        all_pages: bool | str = False,
        timezone: str = "",
        site: str = "",
        base: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.files = [f for f in files.split(",") if f] if isinstance(files, str) else list(files)
        self.all_pages = all_pages in (True, "1", "true", "yes")
        self.profile = None
        self.hints: dict[str, Any] = {}
        if site:
            # Imported here: profiles are optional for a reparse.
            from archiver.profiles import load_profile

            self.profile = load_profile(site, base or None)
            self.hints = self.profile.hints()
        if timezone:
            self.hints["timezone"] = timezone
        self.revisits = RevisitIndex()
        self.evidence: dict[str, dict[str, Any]] = {}
        self.failed: list[str] = []

    @property
    def stats(self) -> StatsCollector:
        return self.crawler.stats

    async def start(self) -> AsyncIterator[Request]:
        pending: list[ArchivedRecord] = []
        for path in self.files:
            for request in self._read_file(str(path), pending):
                yield request
        # Revisits met before their original (files given out of order) get a second chance.
        for rec in pending:
            if (request := self._revisit_request(rec)) is not None:
                yield request

    def _read_file(self, path: str, pending: list[ArchivedRecord]) -> Iterator[Request]:
        self.stats.inc_value(f"{STATS}/files")
        try:
            for rec in iter_records(path):
                self.stats.inc_value(f"{STATS}/records")
                if (why := self._skip_reason(rec)) is not None:
                    self.stats.inc_value(f"{STATS}/records_skipped/{why}")
                    continue
                if rec.rec_type == "revisit":
                    if self.revisits.find(rec) is None:
                        pending.append(rec)
                    elif (request := self._revisit_request(rec)) is not None:
                        yield request
                    continue
                self.revisits.add(rec)
                if not rec.is_html:
                    self.stats.inc_value(f"{STATS}/records_skipped/not_html")
                    self._learn_evidence(rec)
                    continue
                if (request := self._request(rec, None)) is not None:
                    yield request
        except WarcReadError as exc:
            # Bad input must not cost the items of the good files: report and go on.
            self.stats.inc_value(f"{STATS}/files_failed")
            self.failed.append(str(exc))
            logger.error("%s", exc)

    def _learn_evidence(self, rec: ArchivedRecord) -> None:
        """Keep what an archived sitemap or feed says of its pages (title, dates, authors).

        The crawl gave article pages these hints; records come in fetch order, and a listing
        is fetched before the pages it led to, so reading along sees them in time.
        """
        ctype = (rec.header("Content-Type") or "").lower()
        if not any(t in ctype for t in LISTING_TYPES):
            return
        try:
            full = read_record(rec.path, rec.offset)
            body = decode_body(full.payload or b"", full.header("Content-Encoding"))
        except (WarcReadError, ValueError, OSError) as exc:
            logger.warning("%s: offset %d: listing not read: %s", rec.path, rec.offset, exc)
            return
        try:
            sitemap = parse_sitemap(body, rec.url or "")
            entries = sitemap.entries if sitemap.kind == "urlset" else []
            kind = "sitemaps"
        except DiscoveryError:
            try:
                entries, kind = parse_feed(body, rec.url or ""), "feeds"
            except DiscoveryError:
                return
        self.stats.inc_value(f"{STATS}/evidence/{kind}")
        for entry in entries:
            known = self.evidence.setdefault(canonical_url(entry.url), {})
            for k, v in entry.evidence.items():
                known.setdefault(k, v)  # the first listing to name a page wins, as in a crawl

    @staticmethod
    def _skip_reason(rec: ArchivedRecord) -> str | None:
        if rec.rec_type not in ("response", "revisit"):
            return rec.rec_type  # request, warcinfo, metadata, resource...
        try:
            scheme = urlsplit(rec.url or "").scheme
        except ValueError:
            return "bad_url"
        if scheme not in ("http", "https"):
            return "not_http"  # dns:, ftp:, screenshots of browser crawls
        if rec.rec_type == "response" and rec.status is None:
            return "no_http_headers"
        if rec.rec_type == "response" and not 200 <= rec.status < 300:
            return "status"  # a crawl's HttpErrorMiddleware would drop them too
        return None

    def _revisit_request(self, rec: ArchivedRecord) -> Request | None:
        original = self.revisits.find(rec)
        if original is None:
            self.stats.inc_value(f"{STATS}/records_skipped/revisit_unresolved")
            logger.warning(
                "%s: offset %d: revisit of %s: original record not in these files",
                rec.path,
                rec.offset,
                rec.url,
            )
            return None
        self.stats.inc_value(f"{STATS}/revisits_resolved")
        return self._request(rec, original)

    def _request(self, rec: ArchivedRecord, original: tuple[str, int] | None) -> Request | None:
        try:
            return self._make_request(rec, original)
        except ValueError as exc:
            # A URL Scrapy cannot request; an exception here would end the whole start().
            self.stats.inc_value(f"{STATS}/records_skipped/bad_url")
            logger.warning("%s: offset %d: %s", rec.path, rec.offset, exc)
            return None

    def _make_request(self, rec: ArchivedRecord, original: tuple[str, int] | None) -> Request:
        return Request(
            rec.url or "",
            callback=self.parse,
            dont_filter=True,  # each capture of a URL is its own item, as in the crawl
            meta={
                META_KEY: {"path": rec.path, "offset": rec.offset, "original": original},
                # What WarcMiddleware sets in a crawl, so page_from_response reads the same.
                "warc": {"filename": rec.filename, "record_id": rec.record_id},
                "fetched_at": rec.fetched_at,
                # What the listings read so far said: later ones came after the page.
                EVIDENCE_KEY: dict(self.evidence.get(canonical_url(rec.url or ""), {})),
            },
        )

    def _is_article(self, response: TextResponse) -> bool:
        if self.all_pages:
            return True
        # As the news spider decides.
        profile_says = self.profile.is_article_url(response.url) if self.profile else None
        return decide_article(response, profile_says)[0]

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        if not isinstance(response, TextResponse):
            self.stats.inc_value(f"{STATS}/records_skipped/not_text")
            return
        if response.status < 200 or response.status >= 300:
            return  # a revisit standing for an error page
        if self._is_article(response):
            self.stats.inc_value(f"{STATS}/pages/article")
            evidence = response.meta.get(EVIDENCE_KEY) or {}
            # The evidence a crawl passes on: the profile's choice, or the default.
            passed = self.profile.evidence_hints if self.profile else EVIDENCE_HINTS
            yield page_from_response(response, self.hints, evidence, passed)
        else:
            self.stats.inc_value(f"{STATS}/pages/other")
