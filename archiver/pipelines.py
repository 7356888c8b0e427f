"""ArticlePipeline: turns each ArticlePage a spider yields into an Article item."""

from __future__ import annotations

import logging
from dataclasses import fields
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy.exceptions import DropItem

from archiver.extract import extract_article
from archiver.items import Article, ArticlePage, Image

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

_ARTICLE_FIELDS = {f.name for f in fields(Article)}


def _image(value: Any) -> Image | None:
    if not value:
        return None
    if isinstance(value, Image):
        return value
    return Image(**{k: value.get(k) for k in ("url", "caption", "credit", "credit_raw")})


def build_article(page: ArticlePage, default_timezone: str | None = None) -> Article:
    """Run the extractor on a page and build the Article; raises ValueError on non-HTML."""
    hints = dict(page.hints)
    if default_timezone:
        hints.setdefault("timezone", default_timezone)
    fetched = datetime.fromisoformat(page.fetched_at) if page.fetched_at else None
    values = extract_article(
        page.body, page.url, fetched_at=fetched, hints=hints, encoding=page.encoding
    )
    values = {k: v for k, v in values.items() if k in _ARTICLE_FIELDS and k != "url"}
    values["image"] = _image(values.get("image"))
    values["images"] = [i for i in map(_image, values.get("images") or []) if i]
    if not values.get("site"):
        values["site"] = urlsplit(page.url).hostname
    return Article(url=page.url, fetched_at=page.fetched_at, warc=page.warc, **values)


class ArticlePipeline:
    """Extracts articles; a page that is not one, or breaks the extractor, is dropped and logged.

    Nothing is lost by a drop: the page's bytes are in the WARC and ``scrapy reparse`` can
    extract them again. Stats: ``archiver/articles/extracted``, ``archiver/articles/dropped/*``,
    ``archiver/encoding/fixed`` (pages served in a wrong charset, read as what they are).
    Setting: ``ARCHIVER_DEFAULT_TIMEZONE`` for pages whose profile names none.
    """

    def __init__(self, stats: StatsCollector, default_timezone: str | None = None) -> None:
        self.stats = stats
        self.default_timezone = default_timezone or None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArticlePipeline:
        return cls(crawler.stats, crawler.settings.get("ARCHIVER_DEFAULT_TIMEZONE"))

    def process_item(self, item: Any, spider: Any = None) -> Any:
        if not isinstance(item, ArticlePage):
            return item
        try:
            article = build_article(item, self.default_timezone)
        except Exception as exc:
            # One bad page must not stop the crawl or lose the other items.
            self.stats.inc_value("archiver/articles/dropped/error")
            logger.exception("Extraction failed for %s", item.url)
            raise DropItem(f"extraction failed for {item.url}: {exc!r}") from exc
        if not article.body and not article.headline:
            self.stats.inc_value("archiver/articles/dropped/empty")
            raise DropItem(f"no headline and no body in {item.url}")
        if fix := article.sources.get("encoding"):
            # The extractor stays silent (no logging in archiver.extract): say it here.
            self.stats.inc_value("archiver/encoding/fixed")
            # INFO, not WARNING: a misconfigured site says it on every page; the stat counts them.
            logger.info("Charset of %s fixed: read as %s", item.url, fix)
        self.stats.inc_value("archiver/articles/extracted")
        return article
