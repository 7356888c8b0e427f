"""NewsSpider: follows a news site's links and yields every article page it finds."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response, TextResponse
from scrapy.linkextractors import LinkExtractor

from archiver.classify import looks_like_article
from archiver.items import ArticlePage, WarcRef


def page_from_response(response: TextResponse, hints: dict[str, Any]) -> ArticlePage:
    """The ArticlePage of a downloaded response, with its WARC reference and fetch time."""
    warc = response.meta.get("warc")
    return ArticlePage(
        url=response.url,
        body=response.body,
        encoding=response.encoding,
        headers={
            k.decode("latin-1").lower(): v[0].decode("latin-1")
            for k, v in response.headers.items()
            if v
        },
        fetched_at=response.meta.get("fetched_at"),
        warc=WarcRef(**warc) if warc else None,
        hints=dict(hints),
    )


class NewsSpider(scrapy.Spider):
    """Crawls from start URLs through same-site links, up to ``DEPTH_LIMIT``.

    Arguments (``-a``): ``start`` (comma-separated URLs), ``timezone`` (IANA name for dates
    printed without offset), ``article_pattern`` (regex of article URLs; without it the page's
    markup decides).
    """

    name = "news"
    custom_settings = {"DEPTH_LIMIT": 3}

    def __init__(
        self,
        start: str = "",
        timezone: str = "",
        article_pattern: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.start_urls = [u.strip() for u in start.split(",") if u.strip()]
        if not self.start_urls:
            raise ValueError("news spider needs -a start=URL[,URL...]")
        self.allowed_domains = sorted({urlsplit(u).hostname or "" for u in self.start_urls})
        self.hints = {"timezone": timezone} if timezone else {}
        self.article_re = re.compile(article_pattern) if article_pattern else None
        # Not allow_domains: Scrapy compares it with host:port, which fails on sites with a port.
        self.links = LinkExtractor()

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        if not isinstance(response, TextResponse):
            self.crawler.stats.inc_value("archiver/pages/not_text")
            return
        is_article = (
            bool(self.article_re.search(response.url))
            if self.article_re
            else looks_like_article(response.selector)
        )
        if is_article:
            self.crawler.stats.inc_value("archiver/pages/article")
            yield page_from_response(response, self.hints)
        else:
            self.crawler.stats.inc_value("archiver/pages/other")
        for link in self.links.extract_links(response):
            if urlsplit(link.url).hostname in self.allowed_domains:
                yield response.follow(link, callback=self.parse)
