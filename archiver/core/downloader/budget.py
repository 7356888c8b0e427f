"""SiteBudget: one politeness budget per site (concurrency, delay, pauses) for a cluster."""

from __future__ import annotations

import uuid

import redis

#: Seconds to wait before asking again when the cap (not the delay) holds a request back.
POLL = 0.05
#: Seconds a waiter may be late asking again before it loses its place in the line.
GRACE = 3.0
#: A holder older than this is taken as lost (a release that never reached Redis), alive or not.
STALE_AFTER = 600.0
#: The longest delay a worker asks for (AUTOTHROTTLE_MAX_DELAY's default): a site's clock is
#: kept that long after its last grant, then expires (nothing is left once a run is over).
MAX_DELAY = 60.0

# Times are Redis's (TIME), in integer microseconds: the workers' clocks need not agree, and a
# double holds microseconds since 1970 exactly (string.format('%.0f'): tostring would round).
# KEYS: holders (ZSET holder -> grant time), clock (HASH last grant, paused until), line (ZSET
# waiter -> first ask), due (ZSET waiter -> time by which it asks again, or leaves the line).
# ARGV: cap, delay, holder ("<member>|<token>"), alive-key prefix, stale after, poll, max delay
# (the clock is of no use that long after a grant; kept 1 s longer), grace, "1" to wait in line.
# Returns {1, 0} (granted) or {0, microseconds to wait before asking again}.
# The alive keys are read without being declared: fine on one Redis server, not on a Cluster.
_ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local cap, delay, holder = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3]
local stale, poll, grace = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[8])
local function us(x) return string.format('%.0f', x) end
for _, gone in ipairs(redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', '(' .. us(now))) do
  redis.call('ZREM', KEYS[3], gone)
  redis.call('ZREM', KEYS[4], gone)
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', us(now - stale))
local ahead
if ARGV[9] == '1' then
  redis.call('ZADD', KEYS[3], 'NX', us(now), holder)
  ahead = redis.call('ZRANK', KEYS[3], holder)
else
  ahead = redis.call('ZCARD', KEYS[3])
end
if redis.call('ZCARD', KEYS[1]) + ahead >= cap then
  for _, held in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
    local member = string.match(held, '^(.*)|')
    if member == nil or redis.call('EXISTS', ARGV[4] .. member) == 0 then
      redis.call('ZREM', KEYS[1], held)
    end
  end
end
local free = cap - redis.call('ZCARD', KEYS[1])
local last = tonumber(redis.call('HGET', KEYS[2], 'last') or '0')
local paused = tonumber(redis.call('HGET', KEYS[2], 'paused_until') or '0')
local allowed = math.max(last + delay, paused)
local wait = 0
if ahead >= free then
  wait = poll
end
if allowed > now then
  wait = math.max(wait, allowed - now)
elseif ahead > 0 and delay > 0 then
  wait = poll  -- with a delay grants come one at a time: the first in line takes the next
end
if wait > 0 then
  if ARGV[9] == '1' then
    redis.call('ZADD', KEYS[4], us(now + wait + grace), holder)
    redis.call('PEXPIRE', KEYS[3], math.ceil((wait + grace) / 1000) + 1000)
    redis.call('PEXPIRE', KEYS[4], math.ceil((wait + grace) / 1000) + 1000)
  end
  return {0, wait}
end
redis.call('ZREM', KEYS[3], holder)
redis.call('ZREM', KEYS[4], holder)
local stamp = us(now)
redis.call('ZADD', KEYS[1], stamp, holder)
redis.call('HSET', KEYS[2], 'last', stamp)
local keep = math.max(tonumber(ARGV[7]), delay, paused - now)
redis.call('PEXPIRE', KEYS[1], math.ceil(stale / 1000))
redis.call('PEXPIRE', KEYS[2], math.ceil(keep / 1000) + 1000)
return {1, 0}
"""

# KEYS: holders, clock. ARGV: pause (us), max delay (us). A pause never shortens one in force.
_PAUSE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local until_ = now + tonumber(ARGV[1])
local paused = tonumber(redis.call('HGET', KEYS[2], 'paused_until') or '0')
if until_ > paused then
  redis.call('HSET', KEYS[2], 'paused_until', string.format('%.0f', until_))
  redis.call('PEXPIRE', KEYS[2], math.ceil((tonumber(ARGV[1]) + tonumber(ARGV[2])) / 1000) + 1000)
end
return 1
"""


def _us(seconds: float) -> int:
    return max(0, round(seconds * 1_000_000))


def new_token() -> str:
    """A token to ask for (and, granted, to give back): no "|", it ends a holder's member id."""
    return uuid.uuid4().hex[:12]


class SiteBudget:
    """How many requests a cluster has in flight to each site, and when the next may start.

    Each worker (``member``, whose key ``<base>:alive:<member>`` exists while it lives) asks
    for a token before a transfer and gives it back after. Per site (a download slot's key),
    ``<base>:budget:<slot>:...``:

    - ``holders``: ZSET of the tokens held, ``<member>|<token>`` scored by their grant time; a
      dead member's tokens are dropped when they stand in someone's way;
    - ``clock``: HASH, ``last`` grant and ``paused_until`` (Retry-After);
    - ``line`` and ``due``: ZSETs of the tokens waiting, by first ask and by the time each must
      ask again by (else it leaves the line): tokens are granted first come, first served, so
      that a worker starting its next transfer as it ends one cannot starve the others.

    Each goes once unused: the holders and the line with their last token (or ``stale_after``
    seconds after a grant), the clock ``max_delay`` seconds after its last grant or pause.
    Redis errors are the caller's to handle.
    """

    def __init__(
        self,
        server: redis.Redis,
        base: str,
        member: str,
        stale_after: float = STALE_AFTER,
        max_delay: float = MAX_DELAY,
    ) -> None:
        self.server = server
        self.base = base
        self.member = member
        self.stale_after = stale_after
        self.max_delay = max_delay
        self._acquire = server.register_script(_ACQUIRE)
        self._pause = server.register_script(_PAUSE)

    def keys(self, slot_key: str) -> list[str]:
        prefix = f"{self.base}:budget:{slot_key}"
        return [f"{prefix}:holders", f"{prefix}:clock", f"{prefix}:line", f"{prefix}:due"]

    def acquire(
        self, slot_key: str, cap: int, delay: float, token: str | None = None
    ) -> tuple[str | None, float]:
        """A token if fewer than ``cap`` are held for the site and its next start time has
        passed (last grant + ``delay``, or the end of a pause); else (None, seconds to wait
        before asking again). With a ``token`` (``new_token()``), asked for again after each
        wait, the ask keeps its place in the line; without, it is a one-off ask behind them."""
        asked = token or new_token()
        granted, wait = self._acquire(
            keys=self.keys(slot_key),
            args=[
                max(1, cap),
                _us(delay),
                f"{self.member}|{asked}",
                f"{self.base}:alive:",
                _us(self.stale_after),
                _us(POLL),
                _us(self.max_delay),
                _us(GRACE),
                "1" if token else "0",
            ],
        )
        if granted:
            return asked, 0.0
        return None, int(wait) / 1_000_000

    def release(self, slot_key: str, token: str) -> None:
        """Give a token back, or leave the line (a token already gone is no error)."""
        holder = f"{self.member}|{token}"
        holders, _, line, due = self.keys(slot_key)
        with self.server.pipeline() as pipe:
            pipe.zrem(holders, holder).zrem(line, holder).zrem(due, holder).execute()

    def pause(self, slot_key: str, seconds: float) -> None:
        """No token for the site before ``seconds`` from now, to any worker."""
        self._pause(keys=self.keys(slot_key), args=[_us(seconds), _us(self.max_delay)])
