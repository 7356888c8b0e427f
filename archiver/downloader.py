"""Downloader: Scrapy's, with the per-site cap kept at a delay of 0."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapy.core.downloader import Downloader as ScrapyDownloader

if TYPE_CHECKING:
    from collections.abc import Coroutine

    from scrapy import Request
    from scrapy.core.downloader import Slot
    from scrapy.http import Response
    from twisted.internet.defer import Deferred


class Downloader(ScrapyDownloader):
    """Scrapy's Downloader, whose per-slot concurrency holds with ``DOWNLOAD_DELAY = 0``."""

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
