"""Distributed add-on: with ARCHIVER_REDIS_URL set, a crawl shared by several processes.

The shared queue, runs and leases are the scheduler's (archiver.core.scheduler); joined workers
push no start requests (archiver.spidermiddlewares.startonce).
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING

from scrapy.exceptions import NotConfigured
from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


def file_safe(value: str) -> str:
    """A worker name fit for a WARC or feed file name (no "-": it separates the name's parts)."""
    return re.sub(r"[^A-Za-z0-9_.]+", "_", value).strip("_.")[:64]


class Distributed:
    """Add-on: a crawl shared by several processes through Redis when ``ARCHIVER_REDIS_URL`` is set.

    Sets ``SCHEDULER`` (``RedisScheduler``), ``DUPEFILTER_CLASS`` (scrapy-redis's),
    ``REDIS_URL``, ``SCHEDULER_PERSIST`` (runs are cleared by the scheduler itself, not at each
    worker's exit), ``ARCHIVER_LOCK_SHARED`` (workers of one machine share the run lock), the
    start-request middleware, and a per-worker WARC prefix and default feed
    (``<prefix>-<worker>``; ``ARCHIVER_REDIS_WORKER``, else the process id). Raises
    ``NotConfigured`` when ``ARCHIVER_REDIS_URL`` is empty.
    """

    def __init__(self, url: str, worker: str, spider_name: str) -> None:
        self.url = url
        self.worker = worker
        self.spider_name = spider_name

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Distributed:
        s = crawler.settings
        url = (s.get("ARCHIVER_REDIS_URL") or "").strip()
        if not url:
            raise NotConfigured
        worker = file_safe(s.get("ARCHIVER_REDIS_WORKER") or "") or str(os.getpid())
        return cls(url, worker, getattr(crawler.spidercls, "name", None) or "crawl")

    def update_settings(self, settings: BaseSettings) -> None:
        project = SETTINGS_PRIORITIES["project"]
        for name, value in {
            "REDIS_URL": self.url,
            "SCHEDULER": "archiver.core.scheduler.RedisScheduler",
            "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
            "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.PriorityQueue",
            "SCHEDULER_PERSIST": True,
            "ARCHIVER_LOCK_SHARED": True,
        }.items():
            # Over the project's defaults (ARCHIVER_LOCK_SHARED is one), under -s NAME=VALUE.
            if (settings.getpriority(name) or 0) <= project:
                settings.set(name, value, priority="project")
        settings["SPIDER_MIDDLEWARES"]["archiver.spidermiddlewares.startonce.StartOnce"] = 0
        # Two workers on one machine must not write files of the same name.
        prefix = settings.get("ARCHIVER_WARC_PREFIX") or self.spider_name
        priority = max(settings.getpriority("ARCHIVER_WARC_PREFIX") or 0, project)
        settings.set("ARCHIVER_WARC_PREFIX", f"{prefix}-{self.worker}", priority=priority)
        feed = settings.get("ARCHIVER_DEFAULT_FEED")
        if feed and not settings.getdict("FEEDS"):
            root, dot, ext = feed.rpartition(".")
            if dot and "/" not in ext:
                feed = f"{root}-{self.worker}.{ext}"
            else:
                feed = f"{feed}-{self.worker}"
            priority = max(settings.getpriority("ARCHIVER_DEFAULT_FEED") or 0, project)
            settings.set("ARCHIVER_DEFAULT_FEED", feed, priority=priority)
