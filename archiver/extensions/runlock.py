"""RunLock: one run per crawl at a time, by an fcntl lock file under output/locks/."""

from __future__ import annotations

import fcntl
import logging
import os
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import CloseSpider, NotConfigured

from archiver.state import beside_warc, crawl_key, now_iso

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

#: finish_reason of a run that found the lock taken.
LOCKED_REASON = "locked"
#: Stats key set when the run found the lock taken.
LOCKED = "archiver/run/locked"


class RunLock:
    """Extension holding an exclusive lock on ``ARCHIVER_LOCK_DIR/<spider>-<site>.lock``.

    A second run of the same spider and site (say cron starting one while the last still
    runs) finds the lock taken, logs who holds it and closes at once with finish_reason
    ``locked``, before any request is made; ``scrapy crawl`` then exits with status 75
    (EX_TEMPFAIL). The kernel drops the lock when its process dies, even by kill -9: no stale
    lock to clean up. Settings: ``ARCHIVER_LOCK_ENABLED``, ``ARCHIVER_LOCK_DIR``,
    ``ARCHIVER_LOCK_SHARED`` (set by the distributed add-on: the workers of a distributed run
    on one machine hold the lock shared, together; a plain run of the same crawl, exclusive, is
    locked out while any of them runs, and they are while it runs).
    """

    def __init__(self, path: str | Path, stats: StatsCollector, shared: bool = False) -> None:
        self.path = Path(path)
        self.stats = stats
        self.shared = shared
        self.holder: str | None = None
        self._fh: IO[str] | None = self._acquire()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunLock:
        s = crawler.settings
        if not s.getbool("ARCHIVER_LOCK_ENABLED") or crawler.spider is None:
            raise NotConfigured
        path = beside_warc(s, "ARCHIVER_LOCK_DIR", "locks") / f"{crawl_key(crawler.spider)}.lock"
        o = cls(path, crawler.stats, shared=s.getbool("ARCHIVER_LOCK_SHARED"))
        crawler.signals.connect(o.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(o.spider_closed, signal=signals.spider_closed)
        return o

    @property
    def acquired(self) -> bool:
        return self._fh is not None

    def _acquire(self) -> IO[str] | None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fh = open(self.path, "a+")  # noqa: SIM115 (held open for the whole run)
        try:
            fcntl.flock(fh, (fcntl.LOCK_SH if self.shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            self.holder = fh.read().strip() or "another process"
            fh.close()
            return None
        who = "workers of a distributed run, one of them pid" if self.shared else "pid"
        fh.seek(0)
        fh.truncate()
        fh.write(f"{who} {os.getpid()} since {now_iso()}\n")
        fh.flush()
        return fh

    def spider_opened(self, spider: Any = None) -> None:
        if self.acquired:
            return
        self.stats.set_value(LOCKED, True)
        # A WARNING, not an ERROR: nothing failed (exit 75, try again later), but runs that
        # overlap are worth a look at the schedule.
        logger.warning(
            "Another run of this crawl is in progress (%s holds %s): exiting without crawling",
            self.holder,
            self.path,
        )
        raise CloseSpider(LOCKED_REASON)

    def spider_closed(self, spider: Any = None) -> None:
        if self._fh is not None:
            self._fh.close()  # releases the lock; the file stays, empty of meaning
            self._fh = None
