"""RedirectLoopMiddleware: a redirect back to a URL of its own chain fails, with its chain."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from scrapy.exceptions import IgnoreRequest, NotConfigured

from archiver import meta
from archiver.utils.url import canonical_url

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

REDIRECT_STATUSES = (301, 302, 303, 307, 308)


class RedirectLoopMiddleware:
    """Downloader middleware failing a redirect to a URL already in the request's chain.

    Scrapy's RedirectMiddleware would hand such a redirect to the scheduler, whose duplicate
    filter drops it at DEBUG: the page is lost without a word. Raised as IgnoreRequest
    ("redirect loop: A -> B -> A"), it reaches the spider's errback, which logs it at WARNING
    and counts it (``archiver/failed/redirect_loop``). Place it above RedirectMiddleware (600)
    so that it sees the redirect first. Enabled with ``REDIRECT_ENABLED``.
    """

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedirectLoopMiddleware:
        if not crawler.settings.getbool("REDIRECT_ENABLED"):
            raise NotConfigured
        return cls()

    def process_response(
        self, request: Request, response: Response, spider: Any = None
    ) -> Request | Response:
        if response.status not in REDIRECT_STATUSES or request.meta.get(meta.DONT_REDIRECT):
            return response
        location = response.headers.get("Location")
        if not location:
            return response
        target = urljoin(request.url, location.decode("latin-1"))
        chain = [*(request.meta.get(meta.REDIRECT_URLS) or []), request.url]
        if canonical_url(target) in {canonical_url(u) for u in chain}:
            raise IgnoreRequest(f"redirect loop: {' -> '.join([*chain, target])}")
        return response
