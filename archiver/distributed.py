"""Distributed crawling: several crawler processes share one request queue and duplicate filter.

``ARCHIVER_REDIS_URL`` empty (the default): nothing here is enabled. Set, the ``Distributed``
add-on switches the crawl to scrapy-redis's queue and duplicate filter in that Redis server, so
that N ``scrapy crawl`` processes (on one or several machines) share one crawl of a site: each
request is made by one worker only, each worker writes its own WARC files and JSONL feed.

Redis keys, per crawl (``archiver.state.crawl_key``: spider and site), ``archiver:<key>:...``:

- ``requests``: the shared priority queue (scrapy-redis ``PriorityQueue``);
- ``dupefilter``: fingerprints of every request scheduled in this run (scrapy-redis
  ``RFPDupeFilter``);
- ``run``: id of the run in progress, kept alive by each worker's heartbeat (expires
  ``RUN_TTL`` seconds after the last one: a run whose workers were all killed ends by itself);
- ``workers``: the workers of the run in progress;
- ``alive:<member>``: set while that worker process lives (a heartbeat renews it every third of
  ``ARCHIVER_REDIS_LEASE_TTL`` seconds): what the per-site politeness budget
  (``archiver.budget``, ``budget:<slot>:...``) reads to drop a dead worker's tokens.

The first worker of a run starts it: it clears what an earlier run left (queue, fingerprints)
and pushes the start requests. A worker started while a run is in progress joins it and pushes
no start requests. The last worker to leave clears the keys, so the next scheduled run starts
from its start URLs again (the per-machine incremental state decides what is fetched again).
A worker stops once the shared queue has been empty for ``ARCHIVER_REDIS_IDLE_TIMEOUT``
seconds; scrapy-redis alone would idle forever.
"""

from __future__ import annotations

import logging
import os
import re
import socket
import time
import uuid
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings
from scrapy.utils.misc import load_object
from scrapy_redis.scheduler import Scheduler
from twisted.internet import task

from archiver.state import crawl_key

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

#: Seconds a run outlives its last worker heartbeat (a worker killed with -9 says no goodbye).
RUN_TTL = 60
#: Seconds between a worker's heartbeats, and between its looks at the queue when idle.
POLL_INTERVAL = 0.5
HEARTBEAT_EVERY = 5.0

#: Stats key saying whether this worker started the run ("started") or joined it ("joined").
RUN_STAT = "archiver/redis/run"

# Atomic, so that two workers starting at once cannot both start a run (and clear the other's
# start requests): KEYS run, requests, dupefilter, workers; ARGV run id, ttl, worker.
_JOIN = """
local started = redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', tonumber(ARGV[2]))
if started then
  redis.call('DEL', KEYS[2], KEYS[3], KEYS[4])
else
  redis.call('EXPIRE', KEYS[1], tonumber(ARGV[2]))
end
redis.call('SADD', KEYS[4], ARGV[3])
return {started and 1 or 0, redis.call('GET', KEYS[1])}
"""

# KEYS run, requests, dupefilter, workers; ARGV worker. The last one out ends the run.
_LEAVE = """
redis.call('SREM', KEYS[4], ARGV[1])
if redis.call('SCARD', KEYS[4]) == 0 then
  redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4])
  return 1
end
return 0
"""


_MEMBER: str | None = None


def member_id() -> str:
    """This process's id in the cluster (``host:pid:random``): one per process, so that the
    scheduler's heartbeat and the downloader's budget tokens name the same worker."""
    global _MEMBER
    if _MEMBER is None:
        _MEMBER = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    return _MEMBER


def redis_base(settings: BaseSettings, spider: Any) -> str:
    """Prefix of a crawl's Redis keys: ``ARCHIVER_REDIS_KEY``, else ``archiver:<crawl key>``."""
    return settings.get("ARCHIVER_REDIS_KEY") or f"archiver:{crawl_key(spider)}"


def alive_key(base: str, member: str) -> str:
    """The key that exists while ``member`` lives (its heartbeat keeps it, with a TTL)."""
    return f"{base}:alive:{member}"


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
            "SCHEDULER": "archiver.distributed.RedisScheduler",
            "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
            "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.PriorityQueue",
            "SCHEDULER_PERSIST": True,
            "ARCHIVER_LOCK_SHARED": True,
        }.items():
            # Over the project's defaults (ARCHIVER_LOCK_SHARED is one), under -s NAME=VALUE.
            if (settings.getpriority(name) or 0) <= project:
                settings.set(name, value, priority="project")
        settings["SPIDER_MIDDLEWARES"]["archiver.distributed.StartOnce"] = 0
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


class RedisScheduler(Scheduler):
    """scrapy-redis's Scheduler with per-site keys, a run shared by workers and an idle timeout.

    A thin subclass. scrapy-redis 0.9.1 works with Scrapy 2.19 (queue, dupefilter, request
    serialisation) but for two calls Scrapy 2.19 deprecates (a warning each now, errors once
    removed): ``spider=`` passed to the stats and ``Spider.log()``, left out of the methods
    redone here (``open``, ``enqueue_request``, ``next_request``). What it lacks:

    1. keys per site, not per spider name (``%(spider)s:requests``: two sites crawled by the
       news spider would share one queue);
    2. a notion of a run, so that start requests are pushed once and a finished run's
       fingerprints do not empty the next scheduled run (hence ``SCHEDULER_PERSIST``: the
       keys are cleared by the last worker out and by the first worker of the next run);
    3. an end: with a plain Spider and its ``PriorityQueue`` (``SCHEDULER_IDLE_BEFORE_CLOSE``
       only applies to blocking pops of the FIFO/LIFO queues) a worker whose queue is empty
       for a moment, while another worker still parses pages, would close at once; a
       RedisSpider would never close. ``ARCHIVER_REDIS_IDLE_TIMEOUT`` decides.
    """

    def setup(self, crawler: Crawler) -> None:
        s = crawler.settings
        self.crawler = crawler
        self.stats = crawler.stats
        self.idle_timeout = s.getfloat("ARCHIVER_REDIS_IDLE_TIMEOUT")
        self.member = member_id()
        self.alive_ttl = s.getint("ARCHIVER_REDIS_LEASE_TTL")
        self.alive_at = 0.0
        self.started = False
        self.joined = False
        self.idle_since: float | None = None
        self.last_beat = 0.0
        self._join = self.server.register_script(_JOIN)
        self._leave = self.server.register_script(_LEAVE)
        self._poll: task.LoopingCall | None = None
        crawler.signals.connect(self.spider_idle, signal=signals.spider_idle)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedisScheduler:
        o = super().from_crawler(crawler)
        o.setup(crawler)
        return o

    def keys(self, spider: Any) -> list[str]:
        base = redis_base(self.crawler.settings, spider)
        return [f"{base}:run", f"{base}:requests", f"{base}:dupefilter", f"{base}:workers"]

    def open(self, spider: Any) -> None:
        run_key, queue_key, df_key, _ = keys = self.keys(spider)
        # "%" escaped: scrapy-redis's queue formats its key with the spider's name.
        self.queue_key = queue_key.replace("%", "%%")
        self.df = load_object(self.dupefilter_cls)(
            self.server, key=df_key, debug=spider.settings.getbool("DUPEFILTER_DEBUG")
        )
        self._keys = keys
        self._alive_key = alive_key(redis_base(self.crawler.settings, spider), self.member)
        lock = self._run_lock()
        if lock is not None and not lock.acquired:
            # Locked out by a non-distributed run on this machine: touch nothing shared.
            self._open_queue(spider)
            return
        started, run_id = self._join(keys=keys, args=[uuid.uuid4().hex, RUN_TTL, self.member])
        if isinstance(run_id, bytes):
            run_id = run_id.decode()
        self.joined = True
        self.started = bool(started)
        self.last_beat = time.monotonic()
        self._keep_alive(self.last_beat)
        self.stats.set_value(RUN_STAT, "started" if started else "joined")
        self.stats.set_value("archiver/redis/run_id", run_id)
        self.stats.set_value("archiver/redis/worker", self.member)
        logger.info(
            "Distributed crawl: %s run %s in %s as %s",
            "started" if started else "joined",
            run_id,
            run_key.rsplit(":", 1)[0],
            self.member,
        )
        self._open_queue(spider)
        if pending := len(self.queue):
            logger.info("%d requests in the shared queue", pending)
        self._poll = task.LoopingCall(self._tick)
        self._poll.start(POLL_INTERVAL, now=False)

    def _open_queue(self, spider: Any) -> None:
        # scrapy-redis's open() but for its Spider.log() call, deprecated in Scrapy 2.19.
        self.spider = spider
        self.queue = load_object(self.queue_cls)(
            server=self.server, spider=spider, key=self.queue_key, serializer=self.serializer
        )

    def _run_lock(self) -> Any:
        from archiver.extensions.runlock import RunLock

        try:
            return self.crawler.get_extension(RunLock)
        except (AttributeError, RuntimeError):
            return None

    def close(self, reason: str) -> None:
        if self._poll is not None and self._poll.running:
            self._poll.stop()
        if not self.joined:
            return
        self.joined = False
        last = self._leave(keys=self._keys, args=[self.member])
        self.server.delete(self._alive_key)  # tokens it may have left are free at once
        left = len(self.queue) if not last else 0
        logger.info(
            "Left the distributed crawl (%s)%s",
            reason,
            ": last worker, run ended" if last else f"; {left} requests left to the others",
        )
        self.stats.set_value("archiver/redis/last_worker", bool(last))

    # enqueue_request and next_request as scrapy-redis's, without the ``spider`` argument its
    # versions pass to StatsCollector.inc_value: Scrapy 2.19 deprecates it (a warning per run
    # now, a TypeError once removed).
    def enqueue_request(self, request: Any) -> bool:
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            return False
        self.stats.inc_value("scheduler/enqueued/redis")
        self.queue.push(request)
        return True

    def next_request(self) -> Any:
        request = self.queue.pop(self.idle_before_close)
        if request is not None:
            self.stats.inc_value("scheduler/dequeued/redis")
            self.idle_since = None
        return request

    def _tick(self) -> None:
        """Keeps the run alive, and wakes an idle engine as soon as the queue has work."""
        now = time.monotonic()
        try:
            if now - self.last_beat >= HEARTBEAT_EVERY:
                self.server.expire(self._keys[0], RUN_TTL)
                self.server.sadd(self._keys[3], self.member)
                self.last_beat = now
            self._keep_alive(now)
            if self.idle_since is not None and len(self.queue):
                # The engine looks at an idle scheduler only every 5 s (its heartbeat): without
                # this, a worker waiting for work would leave it to the others that long.
                slot = getattr(getattr(self.crawler, "engine", None), "_slot", None)
                nextcall = getattr(slot, "nextcall", None)
                if nextcall is not None:
                    nextcall.schedule()
        except Exception as exc:  # Redis away for a moment: the next tick tries again
            logger.warning("Redis heartbeat failed: %s", exc)

    def _keep_alive(self, now: float) -> None:
        # Other workers drop this one's politeness-budget tokens once its key is gone (killed,
        # or cut off from Redis): renewed three times per TTL so that one late tick is harmless.
        if now - self.alive_at >= self.alive_ttl / 3:
            self.server.set(self._alive_key, 1, ex=self.alive_ttl)
            self.alive_at = now

    def spider_idle(self, spider: Any = None) -> None:
        if not self.joined:
            return
        now = time.monotonic()
        if self.idle_since is None:
            self.idle_since = now
        if len(self.queue):
            self.idle_since = None
            raise DontCloseSpider
        if now - self.idle_since < self.idle_timeout:
            raise DontCloseSpider
        logger.info(
            "Shared queue empty for %.0f s: this worker stops", now - (self.idle_since or now)
        )


class StartOnce:
    """Spider middleware: a worker that joined a run in progress pushes no start requests.

    They were pushed by the worker that started the run (and the shared duplicate filter would
    drop them anyway); only the requests of ``start()`` are held back, not those of callbacks.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StartOnce:
        if not (crawler.settings.get("ARCHIVER_REDIS_URL") or "").strip():
            raise NotConfigured
        return cls(crawler)

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        held = 0
        async for item_or_request in start:
            # Read at the first start request: the scheduler has joined the run by then.
            if self.crawler.stats.get_value(RUN_STAT) == "joined":
                held += 1
                continue
            yield item_or_request
        if held:
            self.crawler.stats.set_value("archiver/redis/start_requests_held", held)
            logger.info("Joined a run in progress: %d start requests left to its starter", held)
