"""Reparse: the crawl's trip through Scrapy with the downloader replaced by a WARC reader."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import scrapy
from scrapy import Request
from scrapy.http import HtmlResponse, Response
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import defer
from twisted.python.failure import Failure

from archiver import meta
from archiver.article_page import page_from_response
from archiver.discovery import DiscoveryError, parse_feed, parse_sitemap
from archiver.profiles import (
    EVIDENCE_HINTS,
    ProfileError,
    SiteProfile,
    load_profile,
    profile_from_dict,
)
from archiver.utils.url import canonical_url
from archiver.warc.info import CrawlInfo
from archiver.warc.reader import (
    WARC_TYPES,
    ArchivedRecord,
    RevisitIndex,
    WarcReadError,
    is_html_type,
    iter_records,
    rendered_page,
)

if TYPE_CHECKING:
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

STATS = "archiver/reparse"
#: Stats of the WARC files and records read, counted by WarcSpider (scrapy reparse's progress
#: line reads the first two), and the records that are no HTML page (three places find them).
FILES = f"{STATS}/files"
RECORDS = f"{STATS}/records"
FILES_FAILED = f"{STATS}/files_failed"
SKIPPED_NOT_HTML = f"{STATS}/records_skipped/not_html"
LISTING_TYPES = ("xml", "rss", "atom", "gzip")
#: Seconds the reading of records waits for an archived sitemap or feed to be parsed.
LISTING_WAIT = 120


@dataclass
class SiteContext:
    """What the crawl of a file knew of its site: the article test's profile and the hints."""

    profile: SiteProfile | None = None
    hints: dict[str, Any] = field(default_factory=dict)

    @property
    def evidence_hints(self) -> list[str]:
        """The sitemap/feed evidence the crawl passed on: the profile's choice, or all."""
        return list(self.profile.evidence_hints) if self.profile else list(EVIDENCE_HINTS)


class WarcSpider(scrapy.Spider):
    """Reads WARC and ARC files and yields an ArticlePage per archived article, as the news
    spider does.

    Arguments: ``files`` (WARC/ARC paths), ``all_pages`` (every HTML response, not only
    articles), ``timezone`` (for dates printed without offset), ``site`` and ``base`` (a site
    profile: its hints and article patterns, as in ``scrapy crawl news -a site=``). Without
    ``site``, a file written by our crawl describes its site in its warcinfo record
    (archiver.warc.info), and its records are read with that profile and those hints.

    Each record is read once, in file order; its response goes through the downloader
    middlewares (WarcReplayMiddleware answers from the record) to ``parse`` (HTML pages) or
    ``parse_listing`` (sitemaps and feeds, whose evidence the pages archived after them get:
    reading waits for a listing to be parsed). Stats under ``archiver/reparse/``: ``files``,
    ``files_failed`` (unreadable, or damaged in places), ``damaged_ranges`` and ``damaged_bytes``
    (what was skipped: reading goes on at the next intact record), ``records``,
    ``records_skipped/<why>`` (``unknown_type``: a WARC-Type WARC 1.1 does not define, logged),
    ``revisits_resolved``,
    ``pages/rendered`` (read from the DOM a browser
    rendered: a ``conversion`` record referring to the page's response); what each page was
    is counted by ArticlePipeline (``archiver/pages/article``, ``archiver/pages/other/<kind>``),
    ``evidence/{sitemaps,feeds}``, ``warcinfo/used``.
    """

    name = "reparse"
    custom_settings = {
        # The archive is read, never written again, and nothing is fetched: robots.txt was
        # obeyed when the pages were crawled, redirects and retries were answered then.
        "ARCHIVER_WARC_ENABLED": False,
        "ROBOTSTXT_OBEY": False,
        "REDIRECT_ENABLED": False,
        # A <meta http-equiv=refresh> is a redirect too: the crawl followed it, if at all.
        "METAREFRESH_ENABLED": False,
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
        "DOWNLOADER_MIDDLEWARES": {
            "archiver.downloadermiddlewares.replay.WarcReplayMiddleware": 960
        },
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
        self.timezone = timezone
        self.given: SiteContext | None = None
        if site:
            profile = load_profile(site, base or None)
            self.given = self._context(profile, profile.hints())
        self.revisits = RevisitIndex()
        self.evidence: dict[str, dict[str, Any]] = {}
        self.failed: list[str] = []
        #: Damaged byte ranges of the files, each skipped: reading went on past it.
        self.damage: list[WarcReadError] = []

    @property
    def stats(self) -> StatsCollector:
        return self.crawler.stats

    def _context(self, profile: SiteProfile | None, hints: dict[str, Any]) -> SiteContext:
        hints = dict(hints)
        if self.timezone:
            hints["timezone"] = self.timezone
        return SiteContext(profile, hints)

    async def start(self) -> AsyncIterator[Request]:
        pending: list[tuple[ArchivedRecord, SiteContext]] = []
        for path in self.files:
            for request in self._read_file(str(path), pending):
                yield request
                if (done := request.cb_kwargs.get("done")) is not None:
                    # A page archived after a sitemap or feed had its evidence in the crawl:
                    # read on once the listing is parsed, as the crawl did.
                    await self._parsed(done, request)
        # Revisits met before their original (files given out of order) get a second chance.
        for rec, context in pending:
            if (request := self._revisit_request(rec, context)) is not None:
                yield request

    def _wants_payload(self, rec: ArchivedRecord) -> bool:
        # Read once, in order: the pages that go to Scrapy and the listings giving evidence.
        if rec.rec_type == "conversion":
            return is_html_type(rec.block_type or "")
        if rec.rec_type != "response" or rec.status is None or not 200 <= rec.status < 300:
            return False
        ctype = (rec.header("Content-Type") or "").lower()
        return rec.is_html or any(t in ctype for t in LISTING_TYPES)

    def _read_file(
        self, path: str, pending: list[tuple[ArchivedRecord, SiteContext]]
    ) -> Iterator[Request]:
        self.stats.inc_value(FILES)
        context = self.given or self._context(None, {})
        # An HTML response waits for the records after it: a conversion record of its
        # rendered DOM (archiver.render) comes next, and the page is then read from that.
        held: tuple[ArchivedRecord, SiteContext] | None = None
        try:
            records = iter_records(path, payloads=self._wants_payload, on_damage=self._damaged)
            for rec in records:
                self.stats.inc_value(RECORDS)
                # By WARC-Type too: the summary says them as the demo and warc-index do.
                self.stats.inc_value(f"{RECORDS}/{rec.rec_type}")
                if rec.rec_type not in WARC_TYPES:
                    # Not a type of WARC 1.1 (a writer's own, or a damaged header): said, counted.
                    self.stats.inc_value(f"{STATS}/records_skipped/unknown_type")
                    logger.warning(
                        "%s: offset %d: record of unknown WARC-Type %r: skipped",
                        rec.path,
                        rec.offset,
                        rec.rec_type,
                    )
                    continue
                if self._renders(held, rec):
                    assert held is not None
                    page, page_context, held = rendered_page(held[0], rec), held[1], None
                    if (request := self._request(page, None, page_context)) is not None:
                        request.meta[meta.RENDERED] = True
                        self.stats.inc_value(f"{STATS}/pages/rendered")
                        yield request
                    continue
                if held and rec.rec_type in ("response", "revisit"):
                    if (request := self._request(held[0], None, held[1])) is not None:
                        yield request
                    held = None
                if rec.rec_type == "warcinfo" and self.given is None:
                    context = self._context_of(rec, context)
                if (why := self._skip_reason(rec)) is not None:
                    self.stats.inc_value(f"{STATS}/records_skipped/{why}")
                    continue
                if rec.rec_type == "revisit":
                    if self.revisits.find(rec) is None:
                        pending.append((rec, context))
                    elif (request := self._revisit_request(rec, context)) is not None:
                        yield request
                    continue
                self.revisits.add(rec)
                if not rec.is_html:
                    self.stats.inc_value(SKIPPED_NOT_HTML)
                    if rec.payload is not None and (request := self._listing_request(rec)):
                        yield request
                    continue
                held = (rec, context)
        except WarcReadError as exc:
            # Bad input must not cost the items of the good files: report and go on.
            self.stats.inc_value(FILES_FAILED)
            self.failed.append(str(exc))
            logger.error("%s", exc)
        if held and (request := self._request(held[0], None, held[1])) is not None:
            yield request

    def _damaged(self, damage: WarcReadError) -> None:
        """A damaged byte range of a file, skipped: one line with file, offset, length, cause."""
        if not any(d.path == damage.path for d in self.damage):
            self.stats.inc_value(FILES_FAILED)
        self.damage.append(damage)
        self.stats.inc_value(f"{STATS}/damaged_ranges")
        self.stats.inc_value(f"{STATS}/damaged_bytes", damage.length or 0)
        logger.error("%s", damage)

    @staticmethod
    def _renders(held: tuple[ArchivedRecord, SiteContext] | None, rec: ArchivedRecord) -> bool:
        """Whether ``rec`` is the rendered DOM (a conversion record) of the held response."""
        return (
            held is not None
            and rec.rec_type == "conversion"
            and rec.refers_to == held[0].record_id
            and rec.payload is not None
        )

    def _context_of(self, rec: ArchivedRecord, current: SiteContext) -> SiteContext:
        """The site context a warcinfo record of our crawl describes; else the current one."""
        try:
            info = CrawlInfo.from_fields(rec.info)
            if info is None:
                return current
            profile = None
            if info.profile_data:
                profile = profile_from_dict(info.profile_data, info.profile or "warcinfo")
        except (ValueError, TypeError, ProfileError) as exc:
            logger.warning("%s: offset %d: warcinfo not used: %s", rec.path, rec.offset, exc)
            return current
        self.stats.inc_value(f"{STATS}/warcinfo/used")
        return self._context(profile, info.hints)

    def _listing_request(self, rec: ArchivedRecord) -> Request | None:
        """A request for an archived sitemap or feed, answered from its record like a page."""
        try:
            return Request(
                rec.url or "",
                callback=self.parse_listing,
                errback=self._listing_failed,
                cb_kwargs={"done": defer.Deferred()},
                dont_filter=True,
                priority=1,  # before the pages: reading waits for it
                meta={meta.RECORD: rec},
            )
        except ValueError:
            return None  # a URL Scrapy cannot request: not a listing it could have crawled

    async def _parsed(self, done: defer.Deferred[None], request: Request) -> None:
        from twisted.internet import reactor

        done.addTimeout(LISTING_WAIT, reactor)
        try:
            await maybe_deferred_to_future(done)
        except defer.TimeoutError:
            logger.warning("%s not parsed in %d s: read on without it", request, LISTING_WAIT)

    def parse_listing(self, response: Response, done: defer.Deferred[None]) -> None:
        """Keep what an archived sitemap or feed says of its pages (title, dates, authors).

        The crawl gave article pages these hints; records come in fetch order, and a listing
        is fetched before the pages it led to, so reading along sees them in time. The
        response came through the downloader middlewares, decoded as in the crawl.
        """
        try:
            self._learn_evidence(response)
        finally:
            if not done.called:
                done.callback(None)

    def _listing_failed(self, failure: Failure) -> None:
        done = failure.request.cb_kwargs.get("done")  # type: ignore[attr-defined]
        if done is not None and not done.called:
            done.callback(None)

    def _learn_evidence(self, response: Response) -> None:
        try:
            sitemap = parse_sitemap(response.body, response.url)
            entries = sitemap.entries if sitemap.kind == "urlset" else []
            kind = "sitemaps"
        except DiscoveryError:
            try:
                entries, kind = parse_feed(response.body, response.url), "feeds"
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

    def _revisit_request(self, rec: ArchivedRecord, context: SiteContext) -> Request | None:
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
        if not self.revisits.is_html(original):
            # A script or stylesheet fetched again: what its original was, the revisit is.
            self.stats.inc_value(SKIPPED_NOT_HTML)
            return None
        return self._request(rec, original, context)

    def _request(
        self, rec: ArchivedRecord, original: tuple[str, int] | None, context: SiteContext
    ) -> Request | None:
        try:
            return self._make_request(rec, original, context)
        except ValueError as exc:
            # A URL Scrapy cannot request; an exception here would end the whole start().
            self.stats.inc_value(f"{STATS}/records_skipped/bad_url")
            logger.warning("%s: offset %d: %s", rec.path, rec.offset, exc)
            return None

    def _make_request(
        self, rec: ArchivedRecord, original: tuple[str, int] | None, context: SiteContext
    ) -> Request:
        return Request(
            rec.url or "",
            callback=self.parse,
            cb_kwargs={"context": context},
            dont_filter=True,  # each capture of a URL is its own item, as in the crawl
            meta={
                meta.RECORD: rec,
                meta.ORIGINAL: original,
                # What WarcMiddleware sets in a crawl, so page_from_response reads the same.
                meta.WARC: {"filename": rec.filename, "record_id": rec.record_id},
                meta.FETCHED_AT: rec.fetched_at,
                # What the listings read so far said: later ones came after the page.
                meta.EVIDENCE: dict(self.evidence.get(canonical_url(rec.url or ""), {})),
            },
        )

    def _is_article(self, context: SiteContext, url: str) -> bool | None:
        """What decides without reading the page, as in the news spider: the profile's URL
        patterns; None where the extraction worker's article test decides (under ``all_pages``
        too: every page gives an item, and the test says in its ``page_type`` what it is)."""
        if self.all_pages:
            return None
        return context.profile.is_article_url(url) if context.profile else None

    def parse(
        self, response: Response, context: SiteContext | None = None, **kwargs: Any
    ) -> Iterator[Any]:
        context = context or self.given or self._context(None, {})
        if not isinstance(response, HtmlResponse):
            # Decoded, the body is no HTML after all (a script or stylesheet served as HTML).
            self.stats.inc_value(SKIPPED_NOT_HTML)
            return
        if response.status < 200 or response.status >= 300:
            return  # a revisit standing for an error page
        evidence = response.meta.get(meta.EVIDENCE) or {}
        page = page_from_response(response, context.hints, evidence, context.evidence_hints)
        # The article decision is the extraction worker's (ArticlePipeline counts its outcome).
        page.is_article = self._is_article(context, response.url)
        page.any_page = self.all_pages
        yield page
