"""DuplicatesPipeline: one item per article, even when several URLs lead to it."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from scrapy.exceptions import DropItem, NotConfigured

from archiver.items import Article
from archiver.urls import canonical_url

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)


class DuplicatesPipeline:
    """Drops an Article whose canonical URL (or fetch URL) was already written in this crawl.

    Keys are ``archiver.urls.canonical_url`` of both the page's canonical URL and the URL it
    was fetched from, so /story?utm_source=x, /story and an AMP copy naming /story as canonical
    give one item. Runs after ArticlePipeline. Setting: ``ARCHIVER_DEDUPE_ENABLED``.
    Stat: ``archiver/duplicates/dropped``.
    """

    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats
        self.seen: dict[str, str] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DuplicatesPipeline:
        if not crawler.settings.getbool("ARCHIVER_DEDUPE_ENABLED"):
            raise NotConfigured
        return cls(crawler.stats)

    def process_item(self, item: Any, spider: Any = None) -> Any:
        if not isinstance(item, Article):
            return item
        keys = {canonical_url(u) for u in (item.canonical_url, item.url) if u}
        first = next((self.seen[k] for k in keys if k in self.seen), None)
        if first is not None:
            self.stats.inc_value("archiver/duplicates/dropped")
            logger.debug("Duplicate of %s dropped: %s", first, item.url)
            raise DropItem(f"duplicate of {first}: {item.url}", log_level="DEBUG")
        for key in keys:
            self.seen[key] = item.url
        return item
