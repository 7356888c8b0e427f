"""Progress: a status line every few seconds on a terminal (files, records, articles, rate)."""

from __future__ import annotations

import sys
import time
from typing import IO, TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

from archiver.spiders.reparse import FILES as REPARSE_FILES
from archiver.spiders.reparse import RECORDS as REPARSE_RECORDS
from archiver.utils.words import counted

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

#: Stats of a reparse (archiver/spiders/reparse.py).


class Progress:
    """Extension rewriting one status line on stderr every ``ARCHIVER_PROGRESS_INTERVAL``
    seconds: files read (of how many), records, articles, records a second.

    ``ARCHIVER_PROGRESS``: True, False, or ``"auto"``: only when stderr is a terminal, so a
    run from cron or a pipe prints nothing more. ``scrapy reparse`` sets ``"auto"``: a reparse
    of a large archive otherwise prints nothing for minutes.
    """

    def __init__(self, stats: StatsCollector, interval: float, out: IO[str] = sys.stderr) -> None:
        self.stats = stats
        self.interval = interval
        self.out = out
        self.total_files: int | None = None
        self.started = time.monotonic()
        self.loop = task.LoopingCall(self.show)
        self.shown = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Progress:
        s = crawler.settings
        value = s.get("ARCHIVER_PROGRESS")
        enabled = sys.stderr.isatty() if value == "auto" else s.getbool("ARCHIVER_PROGRESS")
        if not enabled:
            raise NotConfigured
        o = cls(crawler.stats, s.getfloat("ARCHIVER_PROGRESS_INTERVAL"))
        crawler.signals.connect(o.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(o.spider_closed, signal=signals.spider_closed)
        return o

    def spider_opened(self, spider: Any = None) -> None:
        files = getattr(spider, "files", None)
        self.total_files = len(files) if isinstance(files, list | tuple) else None
        self.started = time.monotonic()
        self.loop.start(self.interval, now=False)

    def line(self) -> str:
        get = self.stats.get_value
        elapsed = max(time.monotonic() - self.started, 1e-6)
        items = get("item_scraped_count") or 0
        if get(REPARSE_FILES) is not None or self.total_files is not None:
            files = get(REPARSE_FILES) or 0
            of = f"/{self.total_files}" if self.total_files is not None else ""
            records = get(REPARSE_RECORDS) or 0
            return (
                f"files {files}{of}, {counted(records, 'record')}, {counted(items, 'article')}, "
                f"{records / elapsed:.0f} records/s, {elapsed:.0f}s"
            )
        pages = get("downloader/response_count") or 0
        return (
            f"{counted(pages, 'page')}, {counted(items, 'article')}, "
            f"{pages / elapsed:.1f} pages/s, {elapsed:.0f}s"
        )

    def show(self) -> None:
        # \r and a cleared line: one line rewritten in place, not a screenful.
        self.out.write(f"\r\x1b[K{self.line()}")
        self.out.flush()
        self.shown = True

    def spider_closed(self, spider: Any = None) -> None:
        if self.loop.running:
            self.loop.stop()
        self.show()
        self.out.write("\n")
        self.out.flush()
