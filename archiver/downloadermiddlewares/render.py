"""RenderMiddleware: sends the requests a spider marks for rendering to the headless browser."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse
from scrapy.linkextractors import IGNORED_EXTENSIONS
from scrapy.utils.url import url_has_any_extension
from scrapy_playwright.page import PageMethod

from archiver import meta
from archiver.render.capture import INIT_CALLBACK, Capture, CaptureOptions, is_html

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

STATS = "archiver/render"
#: Extensions of URLs that are no pages (Scrapy's list for link extraction): never rendered.
NOT_PAGES = {f".{e}" for e in IGNORED_EXTENSIONS}
#: Meta keys of a request sent to the browser: dropped to send it without.
BROWSER_KEYS = {
    meta.RENDER,
    meta.CAPTURE,
    meta.PLAYWRIGHT,
    meta.PLAYWRIGHT_INIT,
    meta.PLAYWRIGHT_METHODS,
    meta.PLAYWRIGHT_GOTO,
    meta.PLAYWRIGHT_CONTEXT,
}
#: scrapy-playwright's flag on the responses its browser fetched.
BROWSER_FLAG = "playwright"


class RenderMiddleware:
    """Downloader middleware below WarcMiddleware: a request with ``meta.RENDER`` goes to
    scrapy-playwright's browser with a :class:`Capture` recording what the browser fetches;
    the response (the rendered DOM) comes back with ``meta.RENDERED`` and the capture in
    ``meta.CAPTURE`` for WarcMiddleware to archive.

    Settings (archiver.render.setup fills them from the site profile): ``ARCHIVER_RENDER``
    (on), ``ARCHIVER_RENDER_BLOCK``, ``ARCHIVER_RENDER_IMAGES``,
    ``ARCHIVER_RENDER_MAX_RESOURCES``, ``ARCHIVER_RENDER_QUIET``, ``ARCHIVER_RENDER_SETTLE_MAX``,
    ``ARCHIVER_RENDER_TIMEOUT``. Stats under ``archiver/render/``.
    """

    def __init__(self, options: CaptureOptions, timeout: float, stats: StatsCollector) -> None:
        self.options = options
        self.timeout_ms = timeout * 1000
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RenderMiddleware:
        s = crawler.settings
        if not s.getbool("ARCHIVER_RENDER"):
            raise NotConfigured
        options = CaptureOptions(
            block=tuple(h.lower() for h in s.getlist("ARCHIVER_RENDER_BLOCK")),
            images=s.getbool("ARCHIVER_RENDER_IMAGES"),
            max_resources=s.getint("ARCHIVER_RENDER_MAX_RESOURCES"),
            quiet=s.getfloat("ARCHIVER_RENDER_QUIET"),
            settle_max=s.getfloat("ARCHIVER_RENDER_SETTLE_MAX"),
            max_body=s.getint("DOWNLOAD_MAXSIZE") or CaptureOptions.max_body,
        )
        return cls(options, s.getfloat("ARCHIVER_RENDER_TIMEOUT"), crawler.stats)

    def process_request(self, request: Request, spider: Any = None) -> None:
        if not request.meta.get(meta.RENDER) or url_has_any_extension(request.url, NOT_PAGES):
            return  # a PDF, an image, a video (from a sitemap): fetched as bytes, not rendered
        # A new capture for every attempt: a retried request carries no old one.
        capture = Capture(self.options)
        request.meta[meta.CAPTURE] = capture
        request.meta[meta.PLAYWRIGHT] = True
        request.meta[meta.PLAYWRIGHT_INIT] = INIT_CALLBACK
        request.meta[meta.PLAYWRIGHT_METHODS] = [PageMethod(capture.settle)]
        request.meta[meta.PLAYWRIGHT_GOTO] = {"timeout": self.timeout_ms, "wait_until": "load"}

    def process_response(self, request: Request, response: Response, spider: Any = None) -> Any:
        request.meta.pop(meta.PLAYWRIGHT_METHODS, None)  # holds the capture: not for queues
        capture: Capture | None = request.meta.get(meta.CAPTURE)
        if capture is None:
            return response
        if BROWSER_FLAG not in response.flags or not isinstance(response, HtmlResponse):
            # Answered without the browser (a cache), or a download (a PDF): no DOM was
            # rendered, and the response is archived as the bytes it is.
            request.meta.pop(meta.CAPTURE, None)
            return response
        if capture.document is not None and not is_html(capture.document):
            # A PDF at a page's URL: the browser hands over its viewer's HTML, not the file.
            # Fetched again over plain HTTP, the file is archived as the server sent it.
            self.stats.inc_value(f"{STATS}/not_html")
            logger.debug("Not a page, fetched without the browser: %s", request.url)
            plain = {k: v for k, v in request.meta.items() if k not in BROWSER_KEYS}
            return request.replace(meta=plain, dont_filter=True)
        request.meta[meta.RENDERED] = True
        self.stats.inc_value(f"{STATS}/pages")
        self.stats.inc_value(f"{STATS}/resources", len(capture.resources))
        for name in ("blocked", "over_cap", "failed", "too_large"):
            if count := getattr(capture, name):
                self.stats.inc_value(f"{STATS}/resources_{name}", count)
        if capture.over_cap:
            logger.info(
                "%s: %d requests past ARCHIVER_RENDER_MAX_RESOURCES refused",
                response.url,
                capture.over_cap,
            )
        return response

    def process_exception(self, request: Request, exception: Exception, spider: Any = None) -> None:
        if request.meta.pop(meta.CAPTURE, None) is not None:
            request.meta.pop(meta.PLAYWRIGHT_METHODS, None)
            self.stats.inc_value(f"{STATS}/failed")
