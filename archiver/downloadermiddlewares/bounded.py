"""BoundedMarkupMiddleware: a page's pathological tags bounded before Scrapy parses it."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from scrapy.http import HtmlResponse

from archiver.extract.parse import bound_tags

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

#: Stat counting pages whose pathological tags were bounded.
BOUNDED = "archiver/markup/bounded"


class BoundedMarkupMiddleware:
    """Downloader middleware giving the spider an HTML body whose start tags are bounded as the
    extractor bounds them (archiver.extract.parse.bound_tags: at most 256 attributes, none over
    1 MB): libxml2 takes minutes over a tag of 100,000 attributes, and Scrapy parses the page
    in the crawl's own thread (the article test, link extraction), which would stall every
    download meanwhile. Below HttpCompressionMiddleware, so it sees the decoded body; the
    WARC record keeps the bytes as sent. Stat: ``archiver/markup/bounded``.
    """

    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BoundedMarkupMiddleware:
        assert crawler.stats is not None
        return cls(crawler.stats)

    def process_response(
        self, request: Request, response: Response, spider: Any = None
    ) -> Response:
        if not isinstance(response, HtmlResponse):
            return response
        body = bound_tags(response.body)
        if body == response.body:
            return response
        self.stats.inc_value(BOUNDED)
        logger.debug("Tags of %s bounded before parsing (attributes past 256 or 1 MB)", response)
        return response.replace(body=body)
