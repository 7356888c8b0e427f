"""RedisScheduler: several crawler processes share one request queue and duplicate filter.

``ARCHIVER_REDIS_URL`` empty (the default): nothing here is enabled. Set, the ``Distributed``
add-on (archiver.addons.distributed) switches the crawl to this scheduler, scrapy-redis's queue
and duplicate filter in that Redis server, so that N ``scrapy crawl`` processes (on one or
several machines) share one crawl of a site: each request is made by one worker only, each
worker writes its own WARC files and JSONL feed.

Redis keys, per crawl (``archiver.state.crawl_key``: spider and site), ``archiver:<key>:...``:

- ``requests``: the shared priority queue (scrapy-redis ``PriorityQueue``);
- ``dupefilter``: fingerprints of every request scheduled in this run (scrapy-redis
  ``RFPDupeFilter``);
- ``run``: id of the run in progress, kept alive by each worker's heartbeat (expires
  ``RUN_TTL`` seconds after the last one: a run whose workers were all killed ends by itself);
- ``workers``: the workers of the run in progress;
- ``alive:<worker>``: a worker's heartbeat, expiring ``ARCHIVER_REDIS_LEASE_TTL`` seconds
  after the last one (a worker killed with -9 says no goodbye);
- ``leaving:<worker>``: a worker that left the queue and has yet to report its coverage;
- ``leases:<worker>``: the requests a worker took from the queue and has not finished (their
  items exported, their redirect or retry queued): when its heartbeat expires, any live
  worker puts them back in the queue, so a dead worker's requests are fetched by the others;
- ``state:*``: the crawl state shared by the workers (``archiver.state.shared``): not part of
  a run, never cleared.

The first worker of a run starts it: it clears what an earlier run left (queue, fingerprints)
and pushes the start requests. A worker started while a run is in progress joins it and pushes
no start requests. The last worker to leave clears the keys, so the next scheduled run starts
from its start URLs again (the per-machine incremental state decides what is fetched again).
A run ends when the queue is empty and no worker holds a lease: a worker stops once that
has been so for ``ARCHIVER_REDIS_IDLE_TIMEOUT`` seconds; scrapy-redis alone would idle forever.
"""

from __future__ import annotations

import functools
import logging
import os
import socket
import time
import uuid
from typing import TYPE_CHECKING, Any

import redis
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy.utils.misc import load_object
from scrapy_redis.scheduler import Scheduler
from twisted.internet import task

from archiver.state import redis_base
from archiver.state.owner import get_state, say_unreachable
from archiver.state.shared import LEAVING
from archiver.utils.words import counted

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

#: Seconds a run outlives its last worker heartbeat (a worker killed with -9 says no goodbye).
RUN_TTL = 60
#: Seconds between a worker's looks at the queue and its leases.
POLL_INTERVAL = 0.5
#: Most seconds between a worker's heartbeats (a third of the lease time when that is shorter).
HEARTBEAT_EVERY = 5.0
#: finish_reason of a worker that lost its Redis server.
REDIS_LOST_REASON = "redis_error"

#: Stats key saying whether this worker started the run ("started") or joined it ("joined").
RUN_STAT = "archiver/redis/run"
#: Stats: the run's id and number in the cluster, this worker's name, whether it was the last
#: to leave, Redis errors, workers taken for dead and their requests put back in the queue.
RUN_ID = "archiver/redis/run_id"
RUN_NUMBER = "archiver/redis/run_number"
WORKER = "archiver/redis/worker"
LAST_WORKER = "archiver/redis/last_worker"
REDIS_ERRORS = "archiver/redis/errors"
TAKEN_FOR_DEAD = "archiver/redis/taken_for_dead"
REQUEUED = "archiver/redis/requeued"

# Atomic, so that two workers starting at once cannot both start a run (and clear the other's
# start requests): KEYS run, requests, dupefilter, workers; ARGV run id, ttl, worker, key
# prefix ("<base>:"), lease ttl. A new run drops the leases of the last one's workers.
_JOIN = """
local started = redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', tonumber(ARGV[2]))
if started then
  for _, m in ipairs(redis.call('SMEMBERS', KEYS[4])) do
    redis.call('DEL', ARGV[4] .. 'leases:' .. m)
  end
  redis.call('DEL', KEYS[2], KEYS[3], KEYS[4])
else
  redis.call('EXPIRE', KEYS[1], tonumber(ARGV[2]))
end
redis.call('SADD', KEYS[4], ARGV[3])
redis.call('SET', ARGV[4] .. 'alive:' .. ARGV[3], 1, 'EX', tonumber(ARGV[5]))
return {started and 1 or 0, redis.call('GET', KEYS[1])}
"""

# KEYS run, requests, dupefilter, workers; ARGV worker, key prefix, leaving-key part, its ttl.
# A worker leaving puts back what it still holds (a stop cut short) and is marked leaving
# until it reports its coverage (RedisState.report_coverage); the last one out ends the run.
_LEAVE = """
local leases = ARGV[2] .. 'leases:' .. ARGV[1]
local held = redis.call('ZRANGE', leases, 0, -1, 'WITHSCORES')
for i = 1, #held, 2 do redis.call('ZADD', KEYS[2], held[i + 1], held[i]) end
redis.call('DEL', leases, ARGV[2] .. 'alive:' .. ARGV[1])
redis.call('SET', ARGV[2] .. ARGV[3] .. ':' .. ARGV[1], 1, 'EX', tonumber(ARGV[4]))
redis.call('SREM', KEYS[4], ARGV[1])
for _, m in ipairs(redis.call('SMEMBERS', KEYS[4])) do
  if redis.call('EXISTS', ARGV[2] .. 'alive:' .. m) == 1 then return 0 end
end
for _, m in ipairs(redis.call('SMEMBERS', KEYS[4])) do
  redis.call('DEL', ARGV[2] .. 'leases:' .. m)
end
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4])
return 1
"""

# KEYS requests, leases of this worker. The first request of the queue, leased to the worker
# in the same step: there is no moment at which a request is in neither.
_POP = """
local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #first == 0 then return false end
redis.call('ZREM', KEYS[1], first[1])
redis.call('ZADD', KEYS[2], first[2], first[1])
return first[1]
"""

# KEYS dupefilter, requests; ARGV fingerprint, score, request. Seen and queued in one step: a
# worker killed between scrapy-redis's two calls (SADD, then ZADD) left a fingerprint whose
# request was never queued, and the run never fetched that page.
_ENQUEUE = """
if redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
return 1
"""

# KEYS workers, requests; ARGV key prefix. Puts the leases of every worker whose heartbeat
# expired back in the queue; returns how many, and how many leases the live workers hold.
_REAP = """
local moved, held = 0, 0
for _, m in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local leases = ARGV[1] .. 'leases:' .. m
  if redis.call('EXISTS', ARGV[1] .. 'alive:' .. m) == 0 then
    local items = redis.call('ZRANGE', leases, 0, -1, 'WITHSCORES')
    for i = 1, #items, 2 do
      redis.call('ZADD', KEYS[2], items[i + 1], items[i])
      moved = moved + 1
    end
    redis.call('DEL', leases)
    redis.call('SREM', KEYS[1], m)
  else
    held = held + redis.call('ZCARD', leases)
  end
end
return {moved, held}
"""


@functools.cache
def member_id() -> str:
    """This process's name in a cluster: host, process id and a random part (pids are reused)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def check_redis(url: str) -> None:
    """Raises ValueError, in one line, unless the Redis server at ``url`` (if any) answers."""
    if not url.strip():
        return
    try:
        redis.Redis.from_url(url.strip(), socket_connect_timeout=10).ping()
    except (redis.RedisError, ValueError) as exc:
        raise ValueError(
            f"the Redis server of ARCHIVER_REDIS_URL={url} is unreachable: {exc}"
        ) from None


class RedisScheduler(Scheduler):
    """scrapy-redis's Scheduler with per-site keys, a run shared by workers, leases and an end.

    A thin subclass. scrapy-redis 0.9.1 works with Scrapy 2.19 (queue, dupefilter, request
    serialisation) but for two calls Scrapy 2.19 deprecates (a warning each now, errors once
    removed): ``spider=`` passed to the stats and ``Spider.log()``, left out of the methods
    redone here (``open``, ``enqueue_request``, ``next_request``). What it lacks:

    1. keys per site, not per spider name (``%(spider)s:requests``: two sites crawled by the
       news spider would share one queue);
    2. a notion of a run, so that start requests are pushed once and a finished run's
       fingerprints do not empty the next scheduled run (hence ``SCHEDULER_PERSIST``: the
       keys are cleared by the last worker out and by the first worker of the next run);
    3. acknowledgement: its queue forgets a request once popped, so the requests of a worker
       killed mid-crawl were lost to the run. Here a pop leases the request to the worker
       (``leases:<worker>``) until the engine is done with it (``engine._slot.inprogress``
       no longer holds it: its items exported, or its redirect or retry queued); the leases of
       a worker whose heartbeat expired (``ARCHIVER_REDIS_LEASE_TTL``) go back to the queue;
    4. an end: with a plain Spider and its ``PriorityQueue`` (``SCHEDULER_IDLE_BEFORE_CLOSE``
       only applies to blocking pops of the FIFO/LIFO queues) a worker whose queue is empty
       for a moment, while another worker still parses pages, would close at once; a
       RedisSpider would never close. Here a worker stops once the queue has been empty and
       no worker held a lease for ``ARCHIVER_REDIS_IDLE_TIMEOUT`` seconds.

    Redis unreachable: one ERROR line and the worker stops (``redis_error``, exit status 1);
    what it exported and did not record is caught up at its next start.
    """

    def setup(self, crawler: Crawler) -> None:
        s = crawler.settings
        self.crawler = crawler
        self.stats = crawler.stats
        self.idle_timeout = s.getfloat("ARCHIVER_REDIS_IDLE_TIMEOUT")
        self.lease_ttl = max(1, s.getint("ARCHIVER_REDIS_LEASE_TTL"))
        self.heartbeat_every = min(HEARTBEAT_EVERY, self.lease_ttl / 3)
        self.member = member_id()
        self.url = s.get("ARCHIVER_REDIS_URL") or s.get("REDIS_URL") or ""
        self.started = False
        self.joined = False
        self.idle_since: float | None = None
        self.last_beat = 0.0
        self.leased: dict[Any, bytes] = {}  # request -> its encoded form, as leased
        self.others_hold = 0  # leases held by the other workers at the last look
        self._join = self.server.register_script(_JOIN)
        self._leave = self.server.register_script(_LEAVE)
        self._pop = self.server.register_script(_POP)
        self._enqueue = self.server.register_script(_ENQUEUE)
        self._reap = self.server.register_script(_REAP)
        self._poll: task.LoopingCall | None = None
        crawler.signals.connect(self.spider_idle, signal=signals.spider_idle)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedisScheduler:
        o = super().from_crawler(crawler)
        o.setup(crawler)
        return o

    def keys(self, spider: Any) -> list[str]:
        base = redis_base(self.crawler.settings, spider)
        self.base = base
        return [f"{base}:run", f"{base}:requests", f"{base}:dupefilter", f"{base}:workers"]

    @property
    def lease_key(self) -> str:
        return f"{self.base}:leases:{self.member}"

    def open(self, spider: Any) -> None:
        run_key, queue_key, df_key, _ = keys = self.keys(spider)
        # "%" escaped: scrapy-redis's queue formats its key with the spider's name.
        self.queue_key = queue_key.replace("%", "%%")
        self.df = load_object(self.dupefilter_cls)(
            self.server, key=df_key, debug=spider.settings.getbool("DUPEFILTER_DEBUG")
        )
        self._keys = keys
        lock = self._run_lock()
        if lock is not None and not lock.acquired:
            # Locked out by a non-distributed run on this machine: touch nothing shared.
            self._open_queue(spider)
            return
        try:
            started, run_id = self._join(
                keys=keys,
                args=[uuid.uuid4().hex, RUN_TTL, self.member, f"{self.base}:", self.lease_ttl],
            )
        except redis.RedisError as exc:
            self._lost(exc)
            self._open_queue(spider)
            return
        if isinstance(run_id, bytes):
            run_id = run_id.decode()
        self.joined = True
        self.started = bool(started)
        self.last_beat = time.monotonic()
        self.stats.set_value(RUN_STAT, "started" if started else "joined")
        self.stats.set_value(RUN_ID, run_id)
        self.stats.set_value(WORKER, self.member)
        state = get_state(self.crawler)
        if state is not None and hasattr(state, "join_run"):
            number = state.join_run(run_id, self.member)
            self.stats.set_value(RUN_NUMBER, number)
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
        try:
            self._release_done()  # what is left goes back to the queue: a stop cut it short
            last = self._leave(
                keys=self._keys, args=[self.member, f"{self.base}:", LEAVING, RUN_TTL]
            )
            left = len(self.queue) if not last else 0
        except redis.RedisError as exc:
            self._lost(exc)  # its leases come back to the others once its heartbeat lapses
            return
        logger.info(
            "Left the distributed crawl (%s)%s",
            reason,
            ": last worker, run ended"
            if last
            else f"; {counted(left, 'request')} left to the others",
        )
        self.stats.set_value(LAST_WORKER, bool(last))

    def _lost(self, exc: Exception) -> None:
        """Redis is away: say so once and stop; the next start catches up what was exported."""
        self.stats.inc_value(REDIS_ERRORS)
        say_unreachable(self.crawler, f"Redis server of {self.url}", exc, REDIS_LOST_REASON)

    # enqueue_request and next_request as scrapy-redis's, without the ``spider`` argument its
    # versions pass to StatsCollector.inc_value: Scrapy 2.19 deprecates it (a warning per run
    # now, a TypeError once removed); and the duplicate check and the push made one step.
    def enqueue_request(self, request: Any) -> bool:
        try:
            if request.dont_filter:
                self.queue.push(request)
            elif not self._enqueue(
                keys=[self.df.key, self.queue.key],
                args=[
                    self.df.request_fingerprint(request),
                    -request.priority,
                    self.queue._encode_request(request),
                ],
            ):
                self.df.log(request, self.spider)
                return False
        except redis.RedisError as exc:
            self._lost(exc)
            return False
        self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Any:
        if not self.joined:  # locked out, or Redis lost: nothing more to take
            return None
        try:
            data = self._pop(keys=[self.queue.key, self.lease_key])
        except redis.RedisError as exc:
            self._lost(exc)
            return None
        if data is None:
            return None
        request = self.queue._decode_request(data)
        self.leased[request] = data
        self.stats.inc_value("scheduler/dequeued/redis")
        self.idle_since = None
        return request

    def has_pending_requests(self) -> bool:
        try:
            return super().has_pending_requests()
        except redis.RedisError as exc:
            self._lost(exc)
            return False

    def _release_done(self) -> None:
        """Ends the leases of the requests the engine is done with."""
        slot = getattr(getattr(self.crawler, "engine", None), "_slot", None)
        inprogress = getattr(slot, "inprogress", None)
        if inprogress is None or not self.leased:
            return
        done = [r for r in self.leased if r not in inprogress]
        if not done:
            return
        self.server.zrem(self.lease_key, *(self.leased.pop(r) for r in done))

    def _tick(self) -> None:
        """Heartbeat, lease releases and requeues; wakes an idle engine when there is work."""
        now = time.monotonic()
        try:
            self._release_done()
            if now - self.last_beat >= self.heartbeat_every:
                self._beat()
                self.last_beat = now
            if self.idle_since is not None or len(self.queue):
                # The engine looks at a scheduler that had nothing only at its heartbeat, every
                # 5 s: without this, a worker whose queue was empty for a moment would leave the
                # work to the others that long (a busy one takes it as soon as it has room),
                # and an idle one would stop up to 5 s after its idle time was over.
                self._wake()
        except redis.RedisError as exc:  # Redis away for a moment: the next tick tries again
            if not self.stats.get_value(REDIS_ERRORS):
                logger.warning("Redis heartbeat failed: %s", exc)

    def _wake(self) -> None:
        """Has the engine ask for requests now (it returns at once when it has no room)."""
        slot = getattr(getattr(self.crawler, "engine", None), "_slot", None)
        nextcall = getattr(slot, "nextcall", None)
        if nextcall is not None:
            nextcall.schedule()

    def _beat(self) -> None:
        alive = f"{self.base}:alive:{self.member}"
        with self.server.pipeline(transaction=False) as pipe:
            pipe.exists(alive)
            pipe.set(alive, 1, ex=self.lease_ttl)
            pipe.expire(self._keys[0], RUN_TTL)
            pipe.sadd(self._keys[3], self.member)
            was_alive, *_ = pipe.execute()
        if not was_alive:
            # Taken for dead (a pause longer than the lease time): the others requeued what
            # this worker held; whichever fetch ends last, the state keeps one version.
            logger.warning(
                "This worker missed its heartbeats for %d s: its requests went back to the queue",
                self.lease_ttl,
            )
            self.stats.inc_value(TAKEN_FOR_DEAD)
        moved, held = self._reap(keys=[self._keys[3], self._keys[1]], args=[f"{self.base}:"])
        self.others_hold = int(held) - len(self.leased)
        if moved:
            self.stats.inc_value(REQUEUED, int(moved))
            logger.warning(
                "A worker of this crawl stopped answering: %d of its requests back in the queue",
                moved,
            )

    def spider_idle(self, spider: Any = None) -> None:
        if not self.joined:
            return
        now = time.monotonic()
        if self.idle_since is None:
            self.idle_since = now
        try:
            self._release_done()
            self._beat()  # the leases of the others, as they are now
            self.last_beat = now
            pending = len(self.queue)
        except redis.RedisError as exc:
            self._lost(exc)
            return
        if pending:
            self.idle_since = None
            self._wake()
            raise DontCloseSpider
        if self.others_hold > 0:
            # Another worker's pages may still add requests, or it may die and give its
            # leases back: the run is not over, and the idle time counts from its end.
            self.idle_since = now
            raise DontCloseSpider
        if now - self.idle_since < self.idle_timeout:
            raise DontCloseSpider
        logger.info(
            "Shared queue empty and no request held for %.0f s: this worker stops",
            now - (self.idle_since or now),
        )
