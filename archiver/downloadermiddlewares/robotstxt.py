"""RobotsTxtMiddleware: Scrapy's, fetching each host's robots.txt once, for obeying and reading."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.downloadermiddlewares.robotstxt import (
    RobotsTxtMiddleware as ScrapyRobotsTxtMiddleware,
)
from scrapy.exceptions import IgnoreRequest
from scrapy.http.request import NO_CALLBACK
from scrapy.robotstxt import RobotParser
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred
from twisted.python.failure import Failure

from archiver import meta
from archiver.failures import NotNeeded, failure_cause, failure_kind

logger = logging.getLogger(__name__)

#: Stats prefix of robots.txt fetches that failed, by kind.
ROBOTS_FAILED = "archiver/robots/failed/"

#: Sent with each robots.txt response this middleware fetched (``response``, ``url`` as
#: asked for): the spider reads its Sitemap lines from it instead of fetching it again.
robots_txt_fetched = object()


class RobotsTxtMiddleware(ScrapyRobotsTxtMiddleware):
    """Scrapy's RobotsTxtMiddleware, with two changes.

    - The spider's own request for a robots.txt (``meta.ROBOTS_SITEMAPS``, for its Sitemap
      lines) is not downloaded a second time: it waits for this middleware's fetch of the
      host's robots.txt, which is sent to the spider by the signal ``robots_txt_fetched``, and
      ends quietly (NotNeeded).
    - A robots.txt that cannot be fetched (a dead host, a timeout) is a counted, quiet outcome
      (``archiver/robots/failed/<kind>``, one INFO line), not an ERROR with a traceback: its
      host's pages are then fetched as if it allowed them (Scrapy's rule), and whatever happens
      to them is said where it happens.
    """

    async def process_request(self, request: Request, spider: Any = None) -> None:
        if request.meta.get(meta.ROBOTS_SITEMAPS):
            await self.robot_parser(request)
            raise NotNeeded("read", f"{request.url} fetched once, for obeying and reading")
        await super().process_request(request)

    async def robot_parser(self, request: Request) -> RobotParser | None:
        url = urlsplit(request.url)
        netloc = url.netloc
        if netloc not in self._parsers:
            self._parsers[netloc] = Deferred()
            robotsurl = f"{url.scheme}://{netloc}/robots.txt"
            robotsreq = Request(
                robotsurl,
                priority=self.DOWNLOAD_PRIORITY,
                meta={"dont_obey_robotstxt": True},
                callback=NO_CALLBACK,
            )
            try:
                assert self.crawler.engine is not None
                response = await self.crawler.engine.download_async(robotsreq)
                await self._parse_robots(response, netloc, request)
                self.crawler.signals.send_catch_log(
                    signal=robots_txt_fetched, response=response, url=robotsurl
                )
            except Exception as exc:
                self._say_failed(robotsurl, exc)
                self._robots_error(exc, netloc)
            self._stats.inc_value("robotstxt/request_count")
        parser = self._parsers[netloc]
        if isinstance(parser, Deferred):
            return await maybe_deferred_to_future(parser)
        return parser

    def _say_failed(self, url: str, exc: Exception) -> None:
        if isinstance(exc, IgnoreRequest):  # ended on purpose, said where it was decided
            return
        failure = Failure(exc)
        kind = failure_kind(failure)
        self._stats.inc_value(f"{ROBOTS_FAILED}{kind}")
        logger.info(
            "%s could not be fetched (%s); the host's pages are fetched as if it allowed them",
            url,
            failure_cause(failure),
        )
