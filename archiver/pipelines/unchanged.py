"""UnchangedArticlePipeline: no new item when a page's bytes changed but its article did not."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from scrapy.exceptions import DropItem, NotConfigured

from archiver.items import Article
from archiver.state import StateStore, content_digest
from archiver.state.owner import get_state, say_unreachable

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

#: Stat counting rechecks whose bytes changed but not their article (no item exported).
UNCHANGED_CONTENT = "archiver/state/unchanged_content"


class UnchangedArticle(DropItem):
    """The item dropped because its article is the same as the last exported version."""


class UnchangedArticlePipeline:
    """Drops an Article whose content fields equal those of its last exported version.

    News pages rarely serve the same bytes twice (ads, "most read" boxes, timestamps, tokens),
    so a recheck of a known article usually archives a new response record; the crawl state
    then knows the new bytes (later revisits refer to them), but the JSONL gets a new line only
    if the article itself changed: headline, body, dates, byline, tags, image (``CONTENT_FIELDS``
    in archiver.state). Runs after ArticlePipeline; reads the crawl state that
    IncrementalMiddleware writes. Enabled with the state (``ARCHIVER_STATE_ENABLED``). Stat:
    ``archiver/state/unchanged_content``.
    """

    def __init__(
        self, state: StateStore, stats: StatsCollector, crawler: Crawler | None = None
    ) -> None:
        self.state = state
        self.stats = stats
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> UnchangedArticlePipeline:
        state = get_state(crawler) if crawler.settings.getbool("ARCHIVER_STATE_ENABLED") else None
        if state is None:
            raise NotConfigured
        return cls(state, crawler.stats, crawler)

    def process_item(self, item: Any, spider: Any = None) -> Any:
        if not isinstance(item, Article):
            return item
        try:
            page = self.state.get(item.url)
        except self.state.errors as exc:
            # Not exported: whether it changed is unknown. Its bytes are archived, and not
            # recorded, so the next run fetches it again.
            say_unreachable(self.crawler, f"Crawl state {self.state.location}", exc, "state_error")
            raise DropItem(f"crawl state unreachable: {item.url}", "DEBUG") from None
        if page is None or not page.content_digest or page.content_digest != content_digest(item):
            return item
        self.stats.inc_value(UNCHANGED_CONTENT)
        # DEBUG: on a site with dynamic pages this is most rechecks, not news.
        raise UnchangedArticle(f"article unchanged since {page.last_changed}: {item.url}", "DEBUG")
