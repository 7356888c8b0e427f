"""Downloader: Scrapy's, with the per-site cap kept at a delay of 0 and a cluster-wide budget."""

from __future__ import annotations

import logging
from time import monotonic
from typing import TYPE_CHECKING, Any

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry
from scrapy.core.downloader import Downloader as ScrapyDownloader
from scrapy.utils.asyncio import sleep

from archiver import meta
from archiver.core.downloader.budget import STALE_AFTER, SiteBudget, new_token
from archiver.core.scheduler import REDIS_LOST_REASON, member_id
from archiver.state import redis_base
from archiver.state.owner import say_unreachable

if TYPE_CHECKING:
    from collections.abc import Coroutine

    from scrapy import Request
    from scrapy.core.downloader import Slot
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.statscollectors import StatsCollector
    from twisted.internet.defer import Deferred

logger = logging.getLogger(__name__)

#: Seconds between attempts to reach Redis again once it failed (local limits only meanwhile).
RETRY_REDIS_EVERY = 10.0
#: Seconds a Redis call of the budget may take (it blocks the reactor: a short call or none).
REDIS_TIMEOUT = 2.0
#: Stats of the cluster's politeness budget: transfers that waited, seconds waited, Redis errors.
BUDGET_WAITS = "archiver/budget/waits"
BUDGET_WAITED_SECONDS = "archiver/budget/waited_seconds"
BUDGET_REDIS_ERRORS = "archiver/budget/redis_errors"


class BudgetGate:
    """The cluster's per-site budget as one worker sees it: wait for a token, give it back.

    Redis unreachable: one ERROR, then transfers go on under this worker's own limits, and
    Redis is tried again every ``RETRY_REDIS_EVERY`` seconds (tokens whose release failed are
    given back then). Stats: ``archiver/budget/waits`` (transfers that waited),
    ``archiver/budget/waited_seconds``, ``archiver/budget/redis_errors``.
    """

    def __init__(
        self,
        budget: SiteBudget,
        stats: StatsCollector,
        crawler: Crawler | None = None,
        url: str = "",
    ) -> None:
        self.budget = budget
        self.stats = stats
        self.crawler = crawler
        self.url = url
        self.down_until: float | None = None  # Redis failed: not asked again before then
        self.unreleased: list[tuple[str, str]] = []

    async def take(self, slot_key: str, cap: int, delay: float) -> str | None:
        """Wait (without blocking the reactor) for a token; None when Redis cannot be reached."""
        waited = 0.0
        token = new_token()
        while True:
            if self.down_until is not None and monotonic() < self.down_until:
                return None
            try:
                granted, wait = self.budget.acquire(slot_key, cap, delay, token)
            except redis.RedisError as exc:
                self._failed(exc)
                return None
            self._back_up()
            if granted is not None:
                break
            try:
                await sleep(wait)
            except BaseException:  # cancelled (the crawl stops): leave the line
                self.give_back(slot_key, token)
                raise
            waited += wait
        if waited:
            self.stats.inc_value(BUDGET_WAITS)
            self.stats.inc_value(BUDGET_WAITED_SECONDS, waited)
        return token

    def give_back(self, slot_key: str, token: str) -> None:
        if self.down_until is not None and monotonic() < self.down_until:
            self.unreleased.append((slot_key, token))
            return
        try:
            self.budget.release(slot_key, token)
        except redis.RedisError as exc:
            self.unreleased.append((slot_key, token))
            self._failed(exc)

    def pause(self, slot_key: str, seconds: float) -> None:
        if self.down_until is not None and monotonic() < self.down_until:
            return
        try:
            self.budget.pause(slot_key, seconds)
        except redis.RedisError as exc:
            self._failed(exc)

    def _failed(self, exc: Exception) -> None:
        self.stats.inc_value(BUDGET_REDIS_ERRORS)
        if self.down_until is None:
            # The worker stops, as when its queue is away (one line for both); the transfers
            # it still finishes keep to its own limits.
            say_unreachable(self.crawler, f"Redis server of {self.url}", exc, REDIS_LOST_REASON)
        self.down_until = monotonic() + RETRY_REDIS_EVERY

    def _back_up(self) -> None:
        if self.down_until is None:
            return
        self.down_until = None
        logger.info("Redis answers again: one politeness budget per site for the cluster again")
        while self.unreleased:
            try:
                self.budget.release(*self.unreleased[-1])
            except redis.RedisError as exc:  # the rest at the next attempt
                self._failed(exc)
                return
            self.unreleased.pop()


class Downloader(ScrapyDownloader):
    """Scrapy's Downloader, with two changes:

    1. the per-slot concurrency holds with ``DOWNLOAD_DELAY = 0`` (``_wait_for_download``);
    2. with ``ARCHIVER_REDIS_URL`` set, each transfer waits for a token of the cluster's budget
       of its site (``archiver.core.downloader.budget``): ``CONCURRENT_REQUESTS_PER_DOMAIN``
       (the slot's concurrency), the slot's delay (``DOWNLOAD_DELAY``, AutoThrottle's) and
       Retry-After pauses hold for all the workers together, not per worker.
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.redis_url: str = (self.settings.get("ARCHIVER_REDIS_URL") or "").strip()
        self._gate: BudgetGate | None = None

    @property
    def gate(self) -> BudgetGate | None:
        """The cluster's budget; None in a single-process crawl (or before the spider opens)."""
        if self._gate is None and self.redis_url and self.crawler.spider is not None:
            server = redis.Redis.from_url(
                self.redis_url,
                socket_timeout=REDIS_TIMEOUT,
                socket_connect_timeout=REDIS_TIMEOUT,
                # redis-py retries a refused connection 10 times by default, blocking the reactor.
                retry=Retry(NoBackoff(), 1),
            )
            base = redis_base(self.settings, self.crawler.spider)
            # A transfer may last DOWNLOAD_TIMEOUT; a token older than twice that was lost.
            stale = max(STALE_AFTER, 2 * self.settings.getfloat("DOWNLOAD_TIMEOUT"))
            assert self.crawler.stats is not None
            budget = SiteBudget(server, base, member_id(), stale, self.longest_delay())
            self._gate = BudgetGate(budget, self.crawler.stats, self.crawler, self.redis_url)
        return self._gate

    def longest_delay(self) -> float:
        """The longest delay a slot may ask for: DOWNLOAD_DELAY, DOWNLOAD_SLOTS' and
        AutoThrottle's, with a jitter of up to 100%."""
        s = self.settings
        delays = [s.getfloat("DOWNLOAD_DELAY")]
        delays += [float(v.get("delay", 0)) for v in self.per_slot_settings.values()]
        if s.getbool("AUTOTHROTTLE_ENABLED"):
            delays.append(s.getfloat("AUTOTHROTTLE_MAX_DELAY"))
        return 2 * max(delays)

    # Scrapy 2.19's _process_queue takes requests from a slot's queue while
    # slot.free_transfer_slots() > 0, scheduling a task for each (_schedule_coro(
    # self._wait_for_download(...))); a request joins slot.transferring only once its task runs
    # _download, after the loop. With no download delay nothing else ends the loop, so it empties
    # the whole queue at once: CONCURRENT_REQUESTS_PER_DOMAIN = 2 let 13 requests reach a site
    # together. The coroutine is made inside that loop: adding the request here counts it from
    # the moment it is scheduled, without a copy of _process_queue (the rest stays Scrapy's).
    # _download's own add is then a no-op and its removal frees the slot as before. The day
    # Scrapy fixes it, tests/test_politeness_cap.py says so and this can go.
    def _wait_for_download(
        self, slot: Slot, request: Request, queue_dfd: Deferred[Response]
    ) -> Coroutine[Any, Any, None]:
        slot.transferring.add(request)
        return super()._wait_for_download(slot, request, queue_dfd)

    async def _download(self, slot: Slot, request: Request) -> Response:
        gate = self.gate
        if gate is None:
            return await super()._download(slot, request)
        key = request.meta.get(meta.DOWNLOAD_SLOT) or self.get_slot_key(request)
        token = await gate.take(key, slot.concurrency, slot.download_delay())
        try:
            return await super()._download(slot, request)
        finally:
            if token is not None:
                gate.give_back(key, token)
