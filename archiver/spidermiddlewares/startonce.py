"""StartOnce: a worker that joined a distributed run in progress pushes no start requests."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from scrapy.exceptions import NotConfigured

from archiver.core.scheduler import RUN_STAT

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

#: Stat: start requests held back (another worker started the run and pushed them).
START_REQUESTS_HELD = "archiver/redis/start_requests_held"


class StartOnce:
    """Spider middleware: a worker that joined a run in progress pushes no start requests.

    They were pushed by the worker that started the run (and the shared duplicate filter would
    drop them anyway); only the requests of ``start()`` are held back, not those of callbacks.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StartOnce:
        if not (crawler.settings.get("ARCHIVER_REDIS_URL") or "").strip():
            raise NotConfigured
        return cls(crawler)

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        held = 0
        async for item_or_request in start:
            # Read at the first start request: the scheduler has joined the run by then.
            if self.crawler.stats.get_value(RUN_STAT) == "joined":
                held += 1
                continue
            yield item_or_request
        if held:
            self.crawler.stats.set_value(START_REQUESTS_HELD, held)
            logger.info("Joined a run in progress: %d start requests left to its starter", held)
