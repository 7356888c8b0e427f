"""RedisState: the crawl state in the Redis server that a cluster of workers already shares."""

from __future__ import annotations

import json
import statistics
from dataclasses import asdict, fields
from typing import TYPE_CHECKING, Any

import redis

from archiver.coverage import FIELDS, Drift, SiteCoverage
from archiver.state.base import RUN_COUNTS, PageState, RunRow, StateStore, now_iso
from archiver.utils.url import canonical_url

if TYPE_CHECKING:
    from collections.abc import Iterator

#: URL schemes of a Redis server, as redis-py reads them.
REDIS_SCHEMES = ("redis://", "rediss://", "unix://")

_ROW = [f.name for f in fields(PageState) if f.name != "url"]

# A row is a JSON array in the order of _ROW (names left out: a third of the memory), its
# target URI null when it is the row's own URL. Lua counts from 1: first_seen 1 ... versions 11,
# content_digest 12.
# KEYS pages; ARGV[1] the new version's row, ARGV[2..] canonical URLs of the chain. As
# SqliteState's upsert: the record's location replaced, dates and digests kept when the new
# version has none, versions counted. Returns 1 when the first URL was known.
_RECORD_VERSION = """
local new = cjson.decode(ARGV[1])
local known = 0
for i = 2, #ARGV do
  local raw = redis.call('HGET', KEYS[1], ARGV[i])
  local row = {}
  if raw then
    if i == 2 then known = 1 end
    row = cjson.decode(raw)
    for k = 2, 8 do row[k] = new[k] end
    for _, k in ipairs({9, 10, 12}) do
      if new[k] ~= cjson.null then row[k] = new[k] end
    end
    row[11] = (tonumber(row[11]) or 1) + 1
  else
    for k = 1, 12 do row[k] = new[k] end
    row[11] = 1
  end
  if row[8] == ARGV[i] then row[8] = cjson.null end
  redis.call('HSET', KEYS[1], ARGV[i], cjson.encode(row))
end
return known
"""

# KEYS pages; ARGV[1] fetch time, ARGV[2] evidence ("" for none), ARGV[3..] canonical URLs.
_RECORD_REVISIT = """
for i = 3, #ARGV do
  local raw = redis.call('HGET', KEYS[1], ARGV[i])
  if raw then
    local row = cjson.decode(raw)
    row[2] = ARGV[1]
    if ARGV[2] ~= '' then row[10] = ARGV[2] end
    redis.call('HSET', KEYS[1], ARGV[i], cjson.encode(row))
  end
end
return 0
"""

# KEYS run numbers, run sequence; ARGV the cluster's run id. The same number for every worker.
_RUN_NUMBER = """
local n = redis.call('HGET', KEYS[1], ARGV[1])
if n then return tonumber(n) end
n = redis.call('INCR', KEYS[2])
redis.call('HSET', KEYS[1], ARGV[1], n)
return n
"""

#: Key part of a worker that left the shared queue and has yet to report its coverage
#: (``<base>:leaving:<member>``, set by the distributed scheduler as it leaves): a worker
#: leaves the queue before its spider_closed handlers report, and without this mark the last
#: worker out judged the run without the parts of those still closing.
LEAVING = "leaving"

# KEYS members, reported, reports; ARGV member, its coverage (JSON), alive-key prefix,
# leaving-key prefix. Returns every report once this worker is the last member of the run to
# report that is alive or leaving, so that exactly one worker judges the run's coverage as a
# whole; else nothing.
_REPORT = """
redis.call('SADD', KEYS[1], ARGV[1])
redis.call('SADD', KEYS[2], ARGV[1])
redis.call('HSET', KEYS[3], ARGV[1], ARGV[2])
redis.call('DEL', ARGV[4] .. ARGV[1])
for _, m in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if redis.call('SISMEMBER', KEYS[2], m) == 0
      and redis.call('EXISTS', ARGV[3] .. m, ARGV[4] .. m) > 0 then
    return false
  end
end
local reports = redis.call('HVALS', KEYS[3])
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
return reports
"""


class RedisState(StateStore):
    """The crawl state as Redis keys under ``<base>:state:``, shared by a cluster's workers.

    - ``pages``: hash, canonical URL -> the row as JSON (``PageState`` less its URL): each
      write is one Lua script, atomic, so two workers never interleave a chain;
    - ``runs``: hash, run number -> JSON of each worker's part (``workers``: member -> its
      counts, times, finish reason, exit status) and the run's coverage and alarms, written
      by the worker that judged the run; ``run_numbers``/``run_seq`` number the cluster's
      runs 1, 2, 3...; ``run:<n>:members``/``reported``/``reports`` gather the workers'
      coverage so that the last one judges the drift over all of the run's articles.

    A worker belongs to the run it joined (``join_run``, by the distributed scheduler).
    Redis with AOF persistence keeps what is written as SQLite does (README).
    """

    errors = (redis.RedisError,)

    def __init__(self, server: redis.Redis, base: str, url: str = "") -> None:
        self.server = server
        self.prefix = f"{base}:state"
        self.alive_prefix = f"{base}:alive:"
        self.leaving_prefix = f"{base}:{LEAVING}:"
        self.location = f"{url or 'redis'} {self.prefix}"
        self.pages_key = f"{self.prefix}:pages"
        self.runs_key = f"{self.prefix}:runs"
        self._version = server.register_script(_RECORD_VERSION)
        self._revisit = server.register_script(_RECORD_REVISIT)
        self._number = server.register_script(_RUN_NUMBER)
        self._report = server.register_script(_REPORT)
        self.run_number: int | None = None
        self.member = ""

    @classmethod
    def from_url(cls, url: str, base: str) -> RedisState:
        return cls(redis.Redis.from_url(url), base, url)

    def close(self) -> None:
        self.server.close()

    def join_run(self, run_id: str, member: str) -> int:
        """This worker's part of the cluster's run ``run_id``; returns the run's number."""
        self.member = member
        self.run_number = int(
            self._number(
                keys=[f"{self.prefix}:run_numbers", f"{self.prefix}:run_seq"], args=[run_id]
            )
        )
        self.server.sadd(self._run_key("members"), member)
        return self.run_number

    def _run_key(self, part: str) -> str:
        return f"{self.prefix}:run:{self.run_number}:{part}"

    # -- pages ---------------------------------------------------------------------------------
    def __len__(self) -> int:
        return int(self.server.hlen(self.pages_key))

    def get(self, url: str) -> PageState | None:
        key = canonical_url(url)
        raw = self.server.hget(self.pages_key, key)
        return _page(key, raw) if raw else None

    def pages(self) -> Iterator[PageState]:
        for key, raw in self.server.hscan_iter(self.pages_key, count=1000):
            yield _page(key.decode(), raw)

    def record_version(
        self,
        urls: list[str],
        *,
        payload_digest: str | None,
        warc_filename: str | None,
        warc_record_id: str | None,
        warc_date: str | None,
        target_uri: str | None,
        updated: str | None = None,
        evidence: str | None = None,
        fetched_at: str | None = None,
        content_digest: str | None = None,
    ) -> bool:
        when = fetched_at or now_iso()
        row = [
            when, when, when, payload_digest, warc_filename, warc_record_id, warc_date,
            target_uri, updated, evidence, 1, content_digest,
        ]  # fmt: skip
        keys = list(dict.fromkeys(canonical_url(u) for u in urls))
        return bool(self._version(keys=[self.pages_key], args=[json.dumps(row), *keys]))

    def record_revisit(
        self, urls: list[str], *, fetched_at: str | None = None, evidence: str | None = None
    ) -> None:
        keys = list(dict.fromkeys(canonical_url(u) for u in urls))
        self._revisit(keys=[self.pages_key], args=[fetched_at or now_iso(), evidence or "", *keys])

    def import_page(self, page: PageState) -> None:
        """Store a row as it is (``scrapy state-import``)."""
        row = [getattr(page, k) for k in _ROW]
        row[_ROW.index("target_uri")] = None if page.target_uri == page.url else page.target_uri
        self.server.hset(self.pages_key, page.url, json.dumps(row))

    # -- runs ----------------------------------------------------------------------------------
    def report_coverage(self, coverage: list[SiteCoverage]) -> list[SiteCoverage] | None:
        """Add this worker's coverage to its run's; the run's whole coverage when this worker
        is the last live one to report (it judges the drift), else None."""
        if self.run_number is None:
            return coverage
        reports = self._report(
            keys=[self._run_key("members"), self._run_key("reported"), self._run_key("reports")],
            args=[
                self.member,
                json.dumps([asdict(c) for c in coverage]),
                self.alive_prefix,
                self.leaving_prefix,
            ],
        )
        if not reports:
            return None
        return merge_coverage([SiteCoverage(**c) for r in reports for c in json.loads(r)])

    def history(self, site: str, limit: int) -> list[SiteCoverage]:
        found = [cov for n, cov in self.coverage() if cov.site == site and cov.articles > 0]
        return found[-limit:] if limit > 0 else []

    def _run(self, number: int) -> dict[str, Any]:
        raw = self.server.hget(self.runs_key, number)
        return json.loads(raw) if raw else {"workers": {}, "coverage": [], "alarms": []}

    def add_run(
        self,
        *,
        crawl: str,
        started: str,
        finished: str,
        finish_reason: str,
        exit_status: int,
        counts: dict[str, int],
        elapsed: float | None,
        coverage: list[SiteCoverage],
        alarms: list[Drift],
        judged: bool = True,
    ) -> int:
        """This worker's part of the run; ``judged``: ``coverage`` and ``alarms`` are the whole
        run's (the worker that judged it), else they are left to that worker."""
        if not self.member:  # outside a cluster's run (no join_run): each call is a run
            self.run_number = int(self.server.incr(f"{self.prefix}:run_seq"))
        part = {
            "crawl": crawl,
            "started": started,
            "finished": finished,
            "finish_reason": finish_reason,
            "exit_status": exit_status,
            "counts": {c: counts.get(c, 0) for c in RUN_COUNTS},
            "elapsed": elapsed,
        }
        number = self.run_number
        with self.server.pipeline() as pipe:
            # Read, change, write back: WATCH retries when another worker wrote in between.
            while True:
                try:
                    pipe.watch(self.runs_key)
                    raw = pipe.hget(self.runs_key, number)
                    run = json.loads(raw) if raw else {"workers": {}, "coverage": [], "alarms": []}
                    run["workers"][self.member or "worker"] = part
                    if judged:
                        run["coverage"] = [asdict(c) for c in coverage]
                        run["alarms"] = [asdict(d) for d in alarms]
                    pipe.multi()
                    pipe.hset(self.runs_key, number, json.dumps(run))
                    pipe.execute()
                    break
                except redis.WatchError:
                    continue
        return number

    def import_run(self, row: RunRow, coverage: list[SiteCoverage], alarms: list[Drift]) -> int:
        """Store a run of another state as the next run (``scrapy state-import``)."""
        number = int(self.server.incr(f"{self.prefix}:run_seq"))
        part = {
            "crawl": row.crawl,
            "started": row.started,
            "finished": row.finished,
            "finish_reason": row.finish_reason,
            "exit_status": row.exit_status,
            "counts": {c: getattr(row, c) or 0 for c in RUN_COUNTS},
            "elapsed": row.elapsed,
        }
        run = {
            "workers": {"imported": part},
            "coverage": [asdict(c) for c in coverage],
            "alarms": [asdict(d) for d in alarms],
        }
        self.server.hset(self.runs_key, number, json.dumps(run))
        return number

    def _runs(self) -> list[tuple[int, dict[str, Any]]]:
        return sorted(
            (int(k), json.loads(v)) for k, v in self.server.hgetall(self.runs_key).items()
        )

    def runs(self) -> list[RunRow]:
        return [_run_row(n, run) for n, run in self._runs() if run.get("workers")]

    def coverage(self) -> list[tuple[int, SiteCoverage]]:
        return [
            (n, SiteCoverage(**c))
            for n, run in self._runs()
            for c in sorted(run.get("coverage", []), key=lambda c: c["site"])
        ]

    def alarms(self) -> list[tuple[int, Drift]]:
        return [(n, Drift(**d)) for n, run in self._runs() for d in run.get("alarms", [])]

    def workers(self, number: int) -> dict[str, dict[str, Any]]:
        """Each worker's part of run ``number``: member -> counts, times, reason, status."""
        return self._run(number).get("workers", {})


def _page(key: str, raw: bytes) -> PageState:
    page = PageState(key, *json.loads(raw))
    page.target_uri = page.target_uri or key
    return page


def merge_coverage(parts: list[SiteCoverage]) -> list[SiteCoverage]:
    """The coverage of several workers' articles, per site: counts summed; the median body
    length is the median of the workers' medians weighted by their articles."""
    sites: dict[str, SiteCoverage] = {}
    medians: dict[str, list[int]] = {}
    for part in parts:
        cov = sites.setdefault(part.site, SiteCoverage(part.site))
        cov.articles += part.articles
        for f in FIELDS:
            cov.have[f] += part.have.get(f, 0)
        if part.body_chars is not None:
            medians.setdefault(part.site, []).extend([part.body_chars] * part.articles)
    for site, values in medians.items():
        sites[site].body_chars = statistics.median_low(values) if values else None
    return [sites[s] for s in sorted(sites)]


def _run_row(number: int, run: dict[str, Any]) -> RunRow:
    """The run as one row: its workers' counts summed, from the first start to the last end."""
    parts = list(run["workers"].values())
    failed = [p["finish_reason"] for p in parts if p["finish_reason"] != "finished"]
    started, finished = min(p["started"] for p in parts), max(p["finished"] for p in parts)
    elapsed = max((p.get("elapsed") or 0) for p in parts)
    return RunRow(
        number,
        parts[0]["crawl"],
        started,
        finished,
        failed[0] if failed else "finished",
        max(p["exit_status"] or 0 for p in parts),
        *(sum(p["counts"].get(c, 0) or 0 for p in parts) for c in RUN_COUNTS),
        elapsed,
    )


def shared_states(url: str) -> Iterator[tuple[str, RedisState]]:
    """(label, state) of every crawl whose state is kept in the Redis server at ``url``."""
    server = redis.Redis.from_url(url)
    for key in sorted(server.scan_iter(match="*:state:runs", count=1000)):
        base = key.decode().removesuffix(":state:runs")
        yield f"{url} {base}", RedisState(redis.Redis.from_url(url), base, url)
    server.close()
