"""StateOwner: opens the crawl state once per crawl, for every component that needs it."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import NotConfigured

from archiver.state.base import StateStore, redis_base, state_path_of

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

#: Stats key of where the crawl state is (its file, or Redis key prefix), set once opened.
STATE_FILE = "archiver/state/file"


class StateOwner:
    """Extension owning the crawl's one ``StateStore``: the incremental middleware, the
    unchanged-article pipeline, field coverage and the distributed scheduler all use it.

    Embedded SQLite (``ARCHIVER_STATE_DIR/<spider>-<site>.sqlite``) by default; with
    ``ARCHIVER_REDIS_URL`` the shared store in that Redis server (``RedisState``), so that a
    cluster's workers know what any of them archived. Opened when the crawl is set up (the
    crash catch-up of the incremental middleware reads it before the first request), closed
    once the engine stopped, after the runs were recorded. ``ARCHIVER_STATE_ENABLED`` off:
    ``NotConfigured``, and no component keeps a state.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self._state: StateStore | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StateOwner:
        if not crawler.settings.getbool("ARCHIVER_STATE_ENABLED"):
            raise NotConfigured
        o = cls(crawler)
        # Connected here, last in EXTENSIONS: closed after FieldCoverage recorded the run.
        crawler.signals.connect(o.engine_stopped, signal=signals.engine_stopped)
        return o

    @property
    def state(self) -> StateStore:
        """The crawl's state, opened at the first use (the spider names the crawl)."""
        if self._state is None:
            self._state = open_state(self.crawler.settings, self.crawler.spider)
            self.crawler.stats.set_value(STATE_FILE, self._state.location)
        return self._state

    def engine_stopped(self) -> None:
        if self._state is not None:
            self._state.close()


def open_state(settings: Any, spider: Any) -> StateStore:
    """The state of the crawl of ``spider``: Redis with ``ARCHIVER_REDIS_URL``, else SQLite."""
    url = (settings.get("ARCHIVER_REDIS_URL") or "").strip()
    if url:
        from archiver.state.shared import RedisState

        return RedisState.from_url(url, redis_base(settings, spider))
    from archiver.state.sqlite import SqliteState

    return SqliteState(state_path_of(settings, spider))


#: Stat counting reads and writes of the crawl state, or calls to its server, that failed.
UNREACHABLE = "archiver/state/unreachable"


def say_unreachable(
    crawler: Crawler | None,
    what: str,
    exc: BaseException,
    reason: str,
    *,
    level: int = logging.ERROR,
    message: str = "%s unreachable, stopping: %s",
) -> bool:
    """One line per crawl (ERROR, or ``level``) for a state or server that stopped answering,
    and a stop (``reason``, exit status 1); later failures, consequences of the first, are
    counted only. Returns whether this was the first."""
    if crawler is None or crawler.stats is None:
        logger.log(level, message, what, exc)
        return True
    first = not crawler.stats.get_value(UNREACHABLE)
    crawler.stats.inc_value(UNREACHABLE)
    if first:
        logger.log(level, message, what, exc)
        from archiver.extensions import stop_crawl

        stop_crawl(crawler, reason)
    else:
        logger.debug("%s still unreachable: %s", what, exc)
    return first


def get_state(crawler: Crawler) -> StateStore | None:
    """The crawl's state, or None when it keeps none."""
    try:
        owner = crawler.get_extension(StateOwner)
    except (AttributeError, RuntimeError):
        return None
    return owner.state if owner is not None else None
