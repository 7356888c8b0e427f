"""DuplicatesPipeline: one item per article, even when several URLs lead to it."""

from __future__ import annotations

import hashlib
import logging
from typing import TYPE_CHECKING, Any

from scrapy.exceptions import DropItem, NotConfigured

from archiver.items import Article
from archiver.utils.url import canonical_url

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

#: Stat counting items dropped as another URL's article.
DUPLICATES_DROPPED = "archiver/duplicates/dropped"


class DuplicatesPipeline:
    """Drops an Article whose canonical URL (or fetch URL) was already written in this crawl.

    Keys are ``archiver.utils.url.canonical_url`` of both the page's canonical URL and the URL it
    was fetched from, so /story?utm_source=x, /story and an AMP copy naming /story as canonical
    give one item. Runs after ArticlePipeline. Setting: ``ARCHIVER_DEDUPE_ENABLED``.
    Stat: ``archiver/duplicates/dropped``.
    """

    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats
        # 8-byte digests, not the URLs: memory stays flat over a crawl of a whole archive
        # (a collision in 2**64 would drop one article, which a reparse brings back).
        self.seen: set[bytes] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DuplicatesPipeline:
        if not crawler.settings.getbool("ARCHIVER_DEDUPE_ENABLED"):
            raise NotConfigured
        return cls(crawler.stats)

    def process_item(self, item: Any, spider: Any = None) -> Any:
        if not isinstance(item, Article):
            return item
        keys = {_digest(canonical_url(u)) for u in (item.canonical_url, item.url) if u}
        if not keys.isdisjoint(self.seen):
            self.stats.inc_value(DUPLICATES_DROPPED)
            logger.debug("Duplicate dropped: %s (canonical %s)", item.url, item.canonical_url)
            raise DropItem(
                f"duplicate of an article written in this crawl: {item.url}", log_level="DEBUG"
            )
        self.seen |= keys
        return item


def _digest(key: str) -> bytes:
    return hashlib.blake2b(key.encode(), digest_size=8).digest()
