"""ArticlePipeline: turns each ArticlePage a spider yields into an Article item."""

from __future__ import annotations

import logging
import math
import os
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any, NoReturn

from scrapy.exceptions import DropItem
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred

from archiver.extensions.feedstorage import FEED_WRITE_ERRORS
from archiver.extract.decision import decide_page
from archiver.failures import DROPPED, TRUNCATION_WORDS, NotAnArticle
from archiver.incremental.commit import STATE_WRITE_ERRORS
from archiver.items import Article, ArticlePage, PageDecision
from archiver.workers import ExtractionPool, TaskFailed, WorkerDied, WorkerTimeout

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.signalmanager import SignalManager
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

#: Signal sent for a page the extraction worker found no article: ``page`` (the ArticlePage)
#: and ``decision`` (its PageDecision). The news spider follows the links of such pages.
page_refused = object()

#: Stats: pages decided articles (and ``..._by/<reason>``), pages that are none (and
#: ``.../<kind>``), articles extracted, exported without a field group, read in a fixed charset.
PAGES_ARTICLE = "archiver/pages/article"
PAGES_OTHER = "archiver/pages/other"
EXTRACTED = "archiver/articles/extracted"
FIELD_ERRORS = "archiver/articles/field_errors"
ENCODING_FIXED = "archiver/encoding/fixed"


class ArticlePipeline:
    """Decides which pages are articles and extracts them (archiver.extract.decision, once per
    page); a page that is not one, or breaks the extractor, is dropped and logged.

    Extraction runs in ``ARCHIVER_EXTRACT_WORKERS`` worker processes (default: one per core;
    0: in the crawl's own process, without time limit), so the reactor keeps downloading and
    archiving meanwhile; a page taking more than ``ARCHIVER_EXTRACT_TIMEOUT`` seconds is
    dropped and its worker replaced, as is a worker that dies on a page. The item goes on down
    the pipelines (feed line, then state row) once its page is extracted.

    Nothing is lost by a drop: the page's bytes are in the WARC and ``scrapy reparse`` can
    extract them again. Stats: ``archiver/articles/extracted``, ``archiver/articles/dropped/*``
    (``error``, ``empty``, ``no_body``, ``truncated``, ``timeout``, ``crashed``; each a WARNING
    or an ERROR), ``archiver/articles/field_errors`` (articles exported without a group of
    fields the page broke), ``archiver/encoding/fixed`` (pages served
    in a wrong charset, read as what they are), ``archiver/pages/article`` and
    ``archiver/pages/article_by/<reason>`` (pages decided articles: by the ``profile``, the
    page's ``metadata`` or ``structure``), ``archiver/pages/other`` and
    ``archiver/pages/other/<kind>`` (pages that are no article, by kind: ``listing``,
    ``forum``, ``product``...; not for a page the profile's patterns refuse unread; dropped
    quietly at DEBUG, and the ``page_refused`` signal sent for them).
    Setting: ``ARCHIVER_DEFAULT_TIMEZONE`` for pages whose profile names none.
    """

    # What the workers run: "module:function" taking (page, default_timezone), returning a
    # PageDecision. A worker imports only the extractor: neither Scrapy nor Twisted.
    task = "archiver.extract.decision:decide_page"

    def __init__(
        self,
        stats: StatsCollector,
        default_timezone: str | None = None,
        workers: int = 0,
        timeout: float = 30.0,
        signals: SignalManager | None = None,
    ) -> None:
        self.stats = stats
        self.signals = signals
        self.default_timezone = default_timezone or None
        self.workers = workers
        self.timeout = timeout
        self.pool: ExtractionPool | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArticlePipeline:
        settings = crawler.settings
        workers = settings.get("ARCHIVER_EXTRACT_WORKERS")
        return cls(
            crawler.stats,
            settings.get("ARCHIVER_DEFAULT_TIMEZONE"),
            workers=(os.cpu_count() or 1) if workers in (None, "") else int(workers),
            timeout=settings.getfloat("ARCHIVER_EXTRACT_TIMEOUT"),
            signals=crawler.signals,
        )

    def open_spider(self, spider: Any = None) -> None:
        if self.workers > 0 and self.pool is None:
            self.pool = ExtractionPool(self.task, self.workers, self.timeout)

    def close_spider(self, spider: Any = None) -> None:
        if self.pool is not None:
            self.pool.close()
            self.pool = None

    def process_item(self, item: Any, spider: Any = None) -> Any:
        if not isinstance(item, ArticlePage):
            return item
        if self.pool is None:
            try:
                decision = decide_page(item, self.default_timezone)
            except Exception as exc:
                # One bad page must not stop the crawl or lose the other items.
                self._failed(item, exc)
            return self._checked(item, decision)
        from twisted.internet import reactor

        done: Deferred[PageDecision] = Deferred()

        def answered(future: Future) -> None:  # in a pool thread
            if (exc := future.exception()) is not None:
                reactor.callFromThread(done.errback, exc)
            else:
                reactor.callFromThread(done.callback, future.result())

        future = self.pool.submit(item, self.default_timezone, priority=_priority(item))
        future.add_done_callback(answered)
        done.addCallbacks(
            lambda decision: self._checked(item, decision),
            lambda failure: self._failed(item, failure.value),
        )
        # A coroutine, not the Deferred: Scrapy warns about pipelines returning Deferreds,
        # a WARNING in every run's log.
        return _awaited(done)

    def _failed(self, item: ArticlePage, exc: BaseException) -> NoReturn:
        if isinstance(exc, WorkerTimeout):
            self.stats.inc_value(f"{DROPPED}timeout")
            logger.error(
                "Extraction of %s took over %g s: dropped, its worker replaced (the page is in "
                "the WARC for a reparse)",
                item.url,
                self.timeout,
            )
            raise DropItem(f"extraction timed out for {item.url}")
        if isinstance(exc, WorkerDied):
            self.stats.inc_value(f"{DROPPED}crashed")
            logger.error("Extraction worker died on %s: page dropped, worker replaced", item.url)
            raise DropItem(f"extraction worker died on {item.url}")
        self.stats.inc_value(f"{DROPPED}error")
        # One line for the person reading the log; the traceback, for a developer, at DEBUG.
        if isinstance(exc, TaskFailed):
            lines = str(exc).strip().splitlines()
            logger.error(
                "Extraction failed for %s: %s (the page is in the WARC for a reparse)",
                item.url,
                lines[-1] if lines else "no reason given",
            )
            logger.debug("Extraction of %s, in its worker:\n%s", item.url, exc)
        else:
            logger.error(
                "Extraction failed for %s: %s: %s (the page is in the WARC for a reparse)",
                item.url,
                type(exc).__name__,
                exc,
            )
            logger.debug("Extraction of %s", item.url, exc_info=exc)
        raise DropItem(f"extraction failed for {item.url}", log_level="DEBUG") from exc

    def _checked(self, item: ArticlePage, decision: PageDecision) -> Article:
        article = decision.article
        if article is None:
            self.stats.inc_value(PAGES_OTHER)
            if decision.reason != "profile":  # the profile's patterns refuse a page unread
                self.stats.inc_value(f"{PAGES_OTHER}/{decision.kind}")
            logger.debug("Not an article (%s, %s): %s", decision.kind, decision.reason, item.url)
            if self.signals is not None:
                self.signals.send_catch_log(page_refused, page=item, decision=decision)
            raise NotAnArticle(f"not an article: {item.url}", log_level="DEBUG")
        self.stats.inc_value(PAGES_ARTICLE)
        self.stats.inc_value(f"{PAGES_ARTICLE}_by/{decision.reason}")
        if item.truncated:
            # An item from part of a page would be a wrong item: none is made. The bytes are in
            # the WARC, marked WARC-Truncated, and the next run fetches the page again.
            self.stats.inc_value(f"{DROPPED}truncated")
            logger.warning(
                "Page %s is truncated (WARC-Truncated: %s%s): no item made of part of a page",
                item.url,
                item.truncated,
                TRUNCATION_WORDS.get(item.truncated, ""),
            )
            raise DropItem(f"truncated page: {item.url}", log_level="DEBUG")
        if any(self.stats.get_value(key) for key in OUTPUT_WRITE_ERRORS):
            # The crawl is stopping: its state or feed lost a write. Pages still in the
            # extraction pool are not exported, so that the next run, which fetches them
            # again, exports each once (their bytes are in the WARC all the same).
            self.stats.inc_value(f"{DROPPED}stopping")
            raise DropItem(f"not exported, the crawl is stopping on a write error: {item.url}")
        if not article.body and not article.headline:
            self.stats.inc_value(f"{DROPPED}empty")
            raise DropItem(f"no headline and no body in {item.url}")
        if not _has_body(article):
            # An article without its text is no article to export: said and counted, never
            # exported silently (the bytes are in the WARC for a reparse once the extractor
            # reads such pages).
            self.stats.inc_value(f"{DROPPED}no_body")
            logger.warning(
                "No article text found in %s (headline %r): not exported",
                item.url,
                article.headline,
            )
            raise DropItem(f"no body in {item.url}", log_level="DEBUG")
        for group, why in _field_errors(article):
            # The article is kept; the fields of that group are missing.
            self.stats.inc_value(FIELD_ERRORS)
            logger.warning(
                "Could not read the %s of %s (%s): exported without them", group, item.url, why
            )
        if fix := article.sources.get("encoding"):
            # The extractor stays silent (no logging in archiver.extract): say it here.
            self.stats.inc_value(ENCODING_FIXED)
            # INFO, not WARNING: a misconfigured site says it on every page; the stat counts them.
            logger.info("Charset of %s fixed: read as %s", item.url, fix)
        self.stats.inc_value(EXTRACTED)
        return article


def _priority(page: ArticlePage) -> float:
    """Pages whose links the crawl follows, should they be no article, go to the workers
    first, the shallower first: the crawl waits for their links (listings queued behind the
    extraction of many articles left the downloader idle); a reparse's pages in file order."""
    return math.inf if page.link_depth is None else page.link_depth


def _has_body(article: Article) -> bool:
    """Text beyond the headline: an extractor finding nothing else may hand back the <h1>."""
    body = (article.body or "").strip()
    return bool(body) and body != (article.headline or "").strip()


def _field_errors(article: Article) -> list[tuple[str, str]]:
    """(group, why) of each group of fields the extractor could not read on the page."""
    return [
        (key.removesuffix("_error"), why)
        for key, why in article.sources.items()
        if key.endswith("_error")
    ]


#: Stats of the crawl's outputs failing.
OUTPUT_WRITE_ERRORS = (STATE_WRITE_ERRORS, FEED_WRITE_ERRORS)


async def _awaited(deferred: Deferred[Any]) -> Any:
    return await maybe_deferred_to_future(deferred)
