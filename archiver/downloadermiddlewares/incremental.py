"""IncrementalMiddleware: fetch only new or changed articles, revisit the unchanged ones."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy import Request, signals
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.http import Response

from archiver import meta
from archiver.extensions.feeds import local_line_feeds
from archiver.extensions.runlock import RunLock
from archiver.failures import NotNeeded
from archiver.incremental.catchup import catch_up, site_netlocs
from archiver.incremental.commit import Commit
from archiver.incremental.policy import change_stamp, changed_since, skip_reason
from archiver.state import StateStore
from archiver.state.owner import get_state, say_unreachable
from archiver.utils.words import counted

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

#: Stats: known articles not fetched again (and ``.../<why>``), article candidates by what
#: the state knew (``.../new``, ``changed``, ``recheck``, ``late_evidence``), feed lines caught
#: up after a crash, and the articles the state holds at the end.
SKIPPED = "archiver/state/skipped"
CANDIDATES = "archiver/state/candidates"
CAUGHT_UP = "archiver/state/caught_up"
ARTICLES = "archiver/state/articles"


class IncrementalMiddleware:
    """Downloader middleware consulting the crawl state before each article candidate.

    A candidate is a request with evidence (``meta.EVIDENCE``) or a URL archived before; start
    URLs and other pages (home, sections, feeds, sitemaps) are always fetched. A known article
    is skipped as the skip policy says (``policy.skip_reason``: evidence dating it no later
    than the archived version, or no evidence and a fetch less than
    ``ARCHIVER_STATE_RECHECK_AFTER`` seconds ago); otherwise it is fetched, and the
    WarcMiddleware writes a revisit record if its payload is unchanged, in which case no item
    is made. The state is written by ``commit.Commit`` only once the item is exported or the
    revisit record written; at start, ``catchup.catch_up`` records the feed lines a crash
    left uncommitted.

    Place it below WarcMiddleware (e.g. 940 < 950) so that its ``process_response`` runs after
    the WARC record is written. Settings: ``ARCHIVER_STATE_ENABLED``, ``ARCHIVER_STATE_DIR``,
    ``ARCHIVER_STATE_FILE``, ``ARCHIVER_STATE_RECHECK_AFTER``. Stats: ``archiver/state/*``.
    """

    def __init__(self, state: StateStore, *, recheck_after: float, stats: StatsCollector) -> None:
        self.state = state
        self.recheck_after = recheck_after
        self.stats = stats
        self.crawler: Crawler | None = None
        self.commit = Commit(self.state, stats)
        self.deferred: list[Request] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IncrementalMiddleware:
        s = crawler.settings
        state = get_state(crawler) if s.getbool("ARCHIVER_STATE_ENABLED") else None
        if state is None:
            raise NotConfigured
        o = cls(
            state,
            recheck_after=s.getfloat("ARCHIVER_STATE_RECHECK_AFTER"),
            stats=crawler.stats,
        )
        warc_dir = Path(s.get("ARCHIVER_WARC_DIR") or ".")
        o.crawler = o.commit.crawler = crawler
        hosts = set(getattr(crawler.spider, "allowed_domains", None) or [])
        hosts = (hosts | site_netlocs(crawler.spider)) or None
        lock = crawler.get_extension(RunLock) if hasattr(crawler, "get_extension") else None
        # A run locked out must not touch the state of the run that holds the lock.
        feeds = local_line_feeds(s.getdict("FEEDS"), crawler.spider)
        for feed in feeds if lock is None or lock.acquired else []:
            if caught := catch_up(o.state, feed, warc_dir, hosts):
                crawler.stats.inc_value(CAUGHT_UP, caught)
        crawler.signals.connect(o.commit.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(o.commit.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(o.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(o.spider_closed, signal=signals.spider_closed)
        known = counted(len(o.state), "article")
        logger.info("Crawl state in %s (%s known)", o.state.location, known)
        return o

    @property
    def failed(self) -> bool:
        return self.commit.failed

    # -- before the download -----------------------------------------------------------------
    @staticmethod
    def _applies(request: Request) -> bool:
        # Start requests carry no depth yet: they are how new articles are found.
        if request.meta.get(meta.ALWAYS_FETCH) or request.meta.get(meta.DONT_ARCHIVE):
            return False
        return meta.EVIDENCE in request.meta or meta.DEPTH in request.meta

    def process_request(self, request: Request, spider: Any = None) -> None:
        # A redirect copies meta: the target's own state decides, not the source's.
        request.meta.pop(meta.PREVIOUS, None)
        if not self._applies(request):
            return
        try:
            page = self.state.get(request.url)
        except self.state.errors as exc:
            # Fetching it anyway could export a known article again: leave it to a next run.
            say_unreachable(self.crawler, f"Crawl state {self.state.location}", exc, "state_error")
            raise NotNeeded(
                "state_unreachable", f"crawl state unreachable: {request.url}"
            ) from None
        if page is None:
            if meta.EVIDENCE in request.meta:
                self.stats.inc_value(f"{CANDIDATES}/new")
            return
        stamp = change_stamp(request.meta.get(meta.EVIDENCE))
        skip = skip_reason(page, stamp, self.recheck_after)
        if skip is not None:
            why, detail = skip
            if why == "recent":
                # A sitemap or feed parsed later may still date it: looked at again when idle.
                self.deferred.append(request)
            self.stats.inc_value(SKIPPED)
            self.stats.inc_value(f"{SKIPPED}/{why}")
            logger.debug("Skipping %s: %s", request.url, detail)
            raise NotNeeded("skipped", f"archived, {detail}: {request.url}")
        changed = "changed" if stamp is not None else "recheck"
        self.stats.inc_value(f"{CANDIDATES}/{changed}")
        if page.payload_digest and page.warc_record_id and page.warc_date:
            request.meta[meta.PREVIOUS] = {
                "payload_digest": page.payload_digest,
                "record_id": page.warc_record_id,
                "target_uri": page.target_uri or page.url,
                "date": page.warc_date,
            }

    def spider_idle(self, spider: Any = None) -> None:
        """Fetch the articles skipped for want of evidence that discovery has since dated.

        The same page is often found first by a link (no date), then in a sitemap or feed
        whose ``lastmod`` or ``updated`` the spider adds to the first request's evidence; by
        then that request was skipped. Once the crawl is idle, every such request whose
        evidence now says the article changed is crawled again.
        """
        deferred, self.deferred = self.deferred, []
        due = []
        for request in deferred:
            stamp = change_stamp(request.meta.get(meta.EVIDENCE))
            try:
                page = self.state.get(request.url) if stamp else None
            except self.state.errors:
                return  # said by the first failure; the crawl is stopping
            if stamp and page is not None and changed_since(stamp, page):
                due.append(request)
        if not due or self.crawler is None or self.crawler.engine is None:
            return
        self.stats.inc_value(SKIPPED, -len(due))
        self.stats.inc_value(f"{SKIPPED}/recent", -len(due))
        self.stats.inc_value(f"{CANDIDATES}/late_evidence", len(due))
        for request in due:
            self.crawler.engine.crawl(request.replace(dont_filter=True))
        raise DontCloseSpider

    # -- after the download ------------------------------------------------------------------
    def process_response(
        self, request: Request, response: Response, spider: Any = None
    ) -> Request | Response:
        written = request.meta.get(meta.WRITTEN)
        if written is None or not written.revisit:
            return response
        self.commit.revisit(request, response)
        logger.debug("Revisited %s: unchanged, revisit record written", request.url)
        raise NotNeeded("revisited", f"unchanged since {request.meta[meta.PREVIOUS]['date']}")

    def spider_closed(self, spider: Any = None) -> None:
        try:
            self.stats.set_value(ARTICLES, len(self.state))
        except self.state.errors as exc:  # the state's owner says so when it matters
            logger.debug("Cannot count the state's articles: %s", exc)
