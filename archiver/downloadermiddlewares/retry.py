"""RetryAfterMiddleware: retries 429/503 after the server's Retry-After, pausing the whole site."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from time import monotonic
from typing import TYPE_CHECKING, Any

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import DownloadTimeoutError, NotConfigured
from scrapy.utils.asyncio import call_later
from twisted.internet import defer
from twisted.internet.error import TimeoutError as TxTimeoutError

from archiver import meta

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.settings import BaseSettings

logger = logging.getLogger(__name__)

#: Stats prefix: retries of truncated bodies and timeouts, backoffs and the seconds waited,
#: Retry-Afters too long to wait (given up).
STATS = "archiver/retry"

# Exceptions of a download over DOWNLOAD_TIMEOUT (Scrapy's own, and Twisted's before it wraps).
TIMEOUT_ERRORS = (DownloadTimeoutError, TxTimeoutError, defer.TimeoutError)

# Statuses by which a server says "slow down" rather than "broken".
BACKOFF_STATUSES = frozenset({429, 503})


def retry_after_seconds(value: str | bytes | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After value (delta-seconds or HTTP-date); None if unreadable."""
    if value is None:
        return None
    text = (value.decode("latin-1") if isinstance(value, bytes) else value).strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class RetryAfterMiddleware(RetryMiddleware):
    """RetryMiddleware that waits before retrying 429 and 503, and makes the site wait too.

    The wait is the response's Retry-After (delta-seconds or HTTP-date) or, without one, an
    exponential backoff (``ARCHIVER_RETRY_BACKOFF_BASE`` × 2^retries). Every request to the
    site's download slot waits, not only the retried one: the server asked us, not the URL,
    to slow down; in a distributed crawl, every worker's requests to the site wait (the
    cluster's budget, ``archiver.core.downloader.budget``). A Retry-After above
    ``ARCHIVER_RETRY_AFTER_MAX`` seconds is not waited for: the request is given up and logged.
    Replaces Scrapy's RetryMiddleware (same settings).
    A response whose body ended before its Content-Length (flagged ``dataloss``) is retried as
    a failed download would be. Stats: ``archiver/retry/backoff``,
    ``archiver/retry/waited_seconds``, ``archiver/retry/gave_up_retry_after``,
    ``archiver/retry/truncated``. A download over DOWNLOAD_TIMEOUT is logged at WARNING and
    tried ``ARCHIVER_TIMEOUT_RETRIES`` more times only (``archiver/retry/timeout``).
    """

    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        if not settings.getbool("ARCHIVER_RETRY_AFTER_ENABLED"):
            raise NotConfigured
        self.max_wait = settings.getfloat("ARCHIVER_RETRY_AFTER_MAX")
        self.backoff_base = settings.getfloat("ARCHIVER_RETRY_BACKOFF_BASE")
        self.timeout = settings.getfloat("DOWNLOAD_TIMEOUT")
        self.timeout_retries = settings.getint("ARCHIVER_TIMEOUT_RETRIES")
        self._resume_at: dict[str, float] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfterMiddleware:
        o = cls(crawler.settings)
        o.crawler = crawler
        return o

    def process_response(
        self, request: Request, response: Response, spider: Any = None
    ) -> Request | Response:
        if meta.DATALOSS_FLAG in response.flags and not request.meta.get(meta.DONT_RETRY, False):
            # A body cut short (DOWNLOAD_FAIL_ON_DATALOSS off): archived as it came, marked
            # WARC-Truncated, and asked for again; the last short copy goes on to the spider,
            # which makes no item of it.
            self.crawler.stats.inc_value(f"{STATS}/truncated")
            return self._retry(request, "truncated body (data loss)") or response
        if (
            response.status not in BACKOFF_STATUSES
            or response.status not in self.retry_http_codes
            or request.meta.get(meta.DONT_RETRY, False)
        ):
            return super().process_response(request, response)
        stats = self.crawler.stats
        assert stats is not None
        asked = retry_after_seconds(response.headers.get(b"Retry-After"))
        if asked is not None and asked > self.max_wait:
            stats.inc_value(f"{STATS}/gave_up_retry_after")
            logger.warning(
                "Not retrying %s: Retry-After of %.0f s is above ARCHIVER_RETRY_AFTER_MAX (%.0f s)",
                request,
                asked,
                self.max_wait,
            )
            self._pause(request, self.max_wait)
            return response
        retried = self._retry(request, f"{response.status} (Retry-After: {asked})")
        if retried is None:
            return response
        tries = request.meta.get(meta.RETRY_TIMES, 0)
        wait = asked if asked is not None else self.backoff_base * 2**tries
        wait = min(wait, self.max_wait)
        stats.inc_value(f"{STATS}/backoff")
        stats.inc_value(f"{STATS}/waited_seconds", wait)
        logger.info("%s answered %d: pausing its site for %.1f s", request, response.status, wait)
        self._pause(request, wait)
        return retried

    def process_exception(
        self, request: Request, exception: Exception, spider: Any = None
    ) -> Request | Response | None:
        if not isinstance(exception, TIMEOUT_ERRORS) or request.meta.get(meta.DONT_RETRY):
            return super().process_exception(request, exception)
        # A server trickling bytes holds a page to the time limit at every try: a timed-out
        # download is tried ARCHIVER_TIMEOUT_RETRIES more times only, each firing said.
        stats = self.crawler.stats
        assert stats is not None
        if request.meta.get(meta.RETRY_TIMES, 0) >= self.timeout_retries:
            return None  # the spider says the page is lost (archiver/failed/timeout)
        stats.inc_value(f"{STATS}/timeout")
        limit = request.meta.get(meta.DOWNLOAD_TIMEOUT, self.timeout)
        logger.warning(
            "No complete answer from %s within %g s (DOWNLOAD_TIMEOUT): trying again",
            request.url,
            limit,
        )
        return self._retry(request, exception)

    def _pause(self, request: Request, wait: float) -> None:
        """Hold the download slot of the request's site for `wait` seconds."""
        engine = self.crawler.engine
        if engine is None or wait <= 0:
            return
        downloader = engine.downloader
        key = request.meta.get(meta.DOWNLOAD_SLOT) or downloader.get_slot_key(request)
        # Distributed: every worker's transfers to the site wait too (archiver.core.downloader).
        gate = getattr(downloader, "gate", None)
        if gate is not None:
            gate.pause(key, wait)
        slot = downloader.slots.get(key)
        resume_at = monotonic() + wait
        if slot is None or resume_at <= self._resume_at.get(key, 0):
            return
        self._resume_at[key] = resume_at
        # The downloader holds a slot's queue while slot.latercall is set (download delays).
        if slot.latercall:
            slot.latercall.cancel()
        slot.latercall = call_later(wait, downloader._latercall, slot)
