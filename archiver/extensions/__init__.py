"""Crawl-level extensions (run lock, run summary) and the helper to stop a crawl with a reason."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy.utils.defer import deferred_from_coro

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


def stop_crawl(crawler: Crawler, reason: str) -> None:
    """Ask the engine to close the spider with ``reason`` (the run's finish_reason)."""
    engine = getattr(crawler, "engine", None)
    if engine is None or not engine.running:
        return
    if hasattr(engine, "close_spider_async"):  # Scrapy 2.14+
        deferred_from_coro(engine.close_spider_async(reason=reason))
    else:  # pragma: no cover - Scrapy 2.13
        engine.close_spider(crawler.spider, reason)
