"""RenderingDownloadHandler: scrapy-playwright for pages to render, ours for everything else."""

from __future__ import annotations

import asyncio
import logging
from contextlib import suppress
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from scrapy.crawler import Crawler
from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler

from archiver.core.downloader.handlers.http import ArchivingHTTPDownloadHandler

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.http import Response

logger = logging.getLogger(__name__)

#: Stat counting browser restarts (ARCHIVER_RENDER_RESTART_AFTER, or a crashed browser).
BROWSER_RESTARTS = "archiver/render/browser_restarts"

_HANDLERS: WeakKeyDictionary[Crawler, RenderingDownloadHandler] = WeakKeyDictionary()


class RenderingDownloadHandler(ScrapyPlaywrightDownloadHandler, ArchivingHTTPDownloadHandler):
    """scrapy-playwright's handler whose plain-HTTP side is ArchivingHTTPDownloadHandler (the
    wire facts the WARC records need), and whose browser is restarted every
    ``ARCHIVER_RENDER_RESTART_AFTER`` pages: a browser's memory grows with the pages it has
    seen, and a crawl may render for days. One browser at a time, reused between restarts."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RenderingDownloadHandler:
        # Scrapy makes a handler per scheme: http and https share this one, so that a crawl
        # starts one Playwright driver and one browser, not two.
        if (handler := _HANDLERS.get(crawler)) is None:
            handler = _HANDLERS[crawler] = cls(crawler)
        return handler

    async def close(self) -> None:
        if not self._closed:
            self._closed = True
            await super().close()

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self._closed = False
        self.restart_after = crawler.settings.getint("ARCHIVER_RENDER_RESTART_AFTER")
        self._pages_since_start = 0
        self._open_pages = 0
        self._drained = asyncio.Event()
        self._drained.set()
        self._restart_due = False
        self._restart_lock = asyncio.Lock()

    async def _download_request(self, request: Request, spider: Spider | None = None) -> Response:
        while self._restart_due:
            if self._open_pages:
                await self._drained.wait()  # pages of the old browser finish, then it goes
            else:
                await self._restart_when_idle()
        self._open_pages += 1
        self._drained.clear()
        try:
            return await super()._download_request(request, spider)
        finally:
            self._open_pages -= 1
            self._pages_since_start += 1
            if self.restart_after and self._pages_since_start >= self.restart_after:
                self._restart_due = True
            if self._open_pages == 0:
                self._drained.set()
                await self._restart_when_idle()  # the last page of the old browser closes it

    async def _restart_when_idle(self) -> None:
        async with self._restart_lock:
            if self._restart_due and self._open_pages == 0:
                await self._restart()
                self._restart_due, self._pages_since_start = False, 0

    async def _restart(self) -> None:
        browser = getattr(self, "browser", None)
        if browser is None:
            return
        # Our own close, not the "disconnected" callback: that one runs later, and could
        # forget the browser launched after it.
        browser.remove_listener("disconnected", self._browser_disconnected_callback)
        with suppress(Exception):
            await asyncio.gather(*(w.context.close() for w in self.context_wrappers.values()))
        self.context_wrappers.clear()
        with suppress(Exception):
            await browser.close()
        del self.browser
        self.stats.inc_value(BROWSER_RESTARTS)
        logger.debug("Browser restarted after %d pages", self.restart_after)
