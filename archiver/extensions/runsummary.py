"""RunSummary: one line per run (fetched, new, updated, skipped, errors) and its exit status."""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.settings import BaseSettings

from archiver.core.scheduler import RUN_NUMBER, RUN_STAT, WORKER
from archiver.downloadermiddlewares.incremental import SKIPPED
from archiver.extensions.runlock import LOCKED_REASON
from archiver.failures import DROPPED, FAILED
from archiver.incremental.commit import NEW, UNCHANGED, UPDATED
from archiver.pipelines.unchanged import UNCHANGED_CONTENT
from archiver.state import beside_warc, crawl_key, now_iso
from archiver.state.owner import STATE_FILE

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_FAILED = 1
#: sysexits.h EX_TEMPFAIL: "try again later", what a scheduler should do when locked out.
EXIT_LOCKED = 75
#: Finished cleanly, but a field drift alarm fired (with ARCHIVER_RUN_FAIL_ON_DRIFT).
EXIT_DRIFT = 3
#: Stats key of the run's exit status (the one rule, ``exit_status``), set when it closes.
EXIT_STATUS = "archiver/run/exit_status"
#: Stats prefix of the drift alarms (archiver/coverage/drift/<field>), set by FieldCoverage.
DRIFT_STATS = "archiver/coverage/drift/"

#: Ways a run ends that are not failures: it ran to the end, or to a limit the user set.
OK_REASONS = {
    "finished",
    "closespider_timeout",
    "closespider_itemcount",
    "closespider_pagecount",
    "closespider_pagecount_no_item",
}


#: Stats prefixes of what a run lost: pages it wanted and could not fetch (whatever the cause:
#: too large, cancelled, a redirect loop, a Retry-After too long, data loss, a 5xx or a timeout
#: retried to the end), and fetched articles it could not turn into items.
LOST_STATS = (FAILED, DROPPED)


def exit_status(
    reason: str, errors: int, fail_on_errors: bool = True, drift: bool = False, lost: int = 0
) -> int:
    """0 for a clean run, 75 when locked out, 1 when it failed, logged errors or lost pages
    (one rule for every kind of loss: each is also a WARNING saying why), 3 (when ``drift``
    is passed, i.e. failing on drift) when it was clean but a drift alarm fired."""
    if reason == LOCKED_REASON:
        return EXIT_LOCKED
    if reason not in OK_REASONS or (fail_on_errors and (errors or lost)):
        return EXIT_FAILED
    return EXIT_DRIFT if drift else EXIT_OK


def lost_pages(stats: StatsCollector) -> int:
    """Pages the run lost (LOST_STATS): not fetched, or fetched and given no item by failure."""
    return sum(
        v for k, v in stats.get_stats().items() if k.startswith(LOST_STATS) and isinstance(v, int)
    )


def drifted_fields(stats: StatsCollector) -> list[str]:
    """Fields whose drift alarm fired in this run, from the ``archiver/coverage/drift/*`` stats."""
    return sorted(k[len(DRIFT_STATS) :] for k in stats.get_stats() if k.startswith(DRIFT_STATS))


def run_counts(stats: StatsCollector) -> dict[str, int]:
    """The run's counts as runs.log and the runs table give them."""
    get = stats.get_value
    items = get("item_scraped_count") or 0
    # Without a crawl state (scrapy demo, ARCHIVER_STATE_ENABLED=False) every item is new.
    stateless = get(STATE_FILE) is None
    return {
        # Unchanged pages end at IncrementalMiddleware, before DownloaderStats counts them.
        "fetched": (get("downloader/response_count") or 0) + (get(UNCHANGED) or 0),
        "new": items if stateless else get(NEW) or 0,
        "updated": get(UPDATED) or 0,
        # Revisit records, and rechecks whose bytes changed but not the article.
        "unchanged": (get(UNCHANGED) or 0) + (get(UNCHANGED_CONTENT) or 0),
        "skipped": get(SKIPPED) or 0,
        "items": items,
        "errors": (get("log_count/ERROR") or 0) + (get("log_count/CRITICAL") or 0),
        "lost": lost_pages(stats),
    }


def record_failed_start(settings: BaseSettings, key: str, error: str) -> None:
    """Append the runs.log line of a run that failed before it could crawl (exit 1).

    Its extensions never ran: without this line a schedule's runs.log would not show it.
    """
    log = settings.get("ARCHIVER_RUN_LOG")
    path = beside_warc(settings, "ARCHIVER_RUN_LOG", "runs.log") if log is None else log
    if not path or not settings.getbool("ARCHIVER_RUN_SUMMARY_ENABLED"):
        return
    counts = " ".join(
        f"{k}=0" for k in ("fetched", "new", "updated", "unchanged", "skipped", "items")
    )
    line = f"{now_iso()} {key} finish=startup_failed exit={EXIT_FAILED} {counts} errors=1 lost=0"
    try:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(f"{line} elapsed=0.0s\n")
    except OSError as exc:
        logger.error("Cannot append the run summary to %s: %s", path, exc)
    logger.error("Run summary: %s (%s)", line, error)


class RunSummary:
    """Extension logging a one-line summary of each run at INFO and appending it to a file.

    Also sets the stat ``archiver/run/exit_status``, which ``scrapy crawl`` (our command)
    exits with. Settings: ``ARCHIVER_RUN_LOG`` (default ``runs.log`` beside the WARC
    directory, i.e. ``output/runs.log``; empty for none),
    ``ARCHIVER_RUN_FAIL_ON_ERRORS`` (a run that logged errors or lost pages exits 1),
    ``ARCHIVER_RUN_FAIL_ON_DRIFT`` (a run whose field drift alarm fired exits 3). The fields
    of drift alarms are marked on the line (``drift=authors,image``); a worker of a cluster
    names the cluster's run, itself and whether it started or joined the run
    (``cluster_run=4 worker=box1:812:9f3a20c1 role=joined``).
    """

    def __init__(
        self,
        log_path: str,
        key: str,
        stats: StatsCollector,
        fail_on_errors: bool = True,
        fail_on_drift: bool = False,
    ) -> None:
        self.log_path = Path(log_path) if log_path else None
        self.key = key
        self.stats = stats
        self.fail_on_errors = fail_on_errors
        self.fail_on_drift = fail_on_drift
        self.started = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunSummary:
        s = crawler.settings
        if not s.getbool("ARCHIVER_RUN_SUMMARY_ENABLED"):
            raise NotConfigured
        key = crawl_key(crawler.spider) if crawler.spider else str(crawler.spidercls.name)
        # None: runs.log beside the WARC directory; "" (-s ARCHIVER_RUN_LOG=): no file.
        log = s.get("ARCHIVER_RUN_LOG")
        log = str(beside_warc(s, "ARCHIVER_RUN_LOG", "runs.log")) if log is None else log
        o = cls(
            log,
            key,
            crawler.stats,
            s.getbool("ARCHIVER_RUN_FAIL_ON_ERRORS"),
            s.getbool("ARCHIVER_RUN_FAIL_ON_DRIFT"),
        )
        crawler.signals.connect(o.spider_closed, signal=signals.spider_closed)
        return o

    def summary(self, reason: str) -> tuple[str, int]:
        counts = run_counts(self.stats)
        drifted = drifted_fields(self.stats)
        status = exit_status(
            reason,
            counts["errors"],
            self.fail_on_errors,
            self.fail_on_drift and bool(drifted),
            counts["lost"],
        )
        fields = " ".join(f"{k}={v}" for k, v in counts.items())
        if drifted:
            fields += f" drift={','.join(drifted)}"
        if run := self.stats.get_value(RUN_NUMBER):
            # A cluster's run: which of its workers did this part, and how it came in.
            worker = self.stats.get_value(WORKER)
            role = self.stats.get_value(RUN_STAT)
            fields += f" cluster_run={run} worker={worker} role={role}"
        elapsed = time.monotonic() - self.started
        line = (
            f"{now_iso()} {self.key} finish={reason} exit={status} {fields} elapsed={elapsed:.1f}s"
        )
        return line, status

    def spider_closed(self, spider: Any = None, reason: str = "finished") -> None:
        line, status = self.summary(reason)
        self.stats.set_value(EXIT_STATUS, status)
        logger.info("Run summary: %s", line)
        if self.log_path is None:
            return
        try:
            self.log_path.parent.mkdir(parents=True, exist_ok=True)
            with open(self.log_path, "a", encoding="utf-8") as fh:
                fh.write(line + "\n")
        except OSError as exc:  # a full disk must not hide the run's own outcome
            logger.error("Cannot append the run summary to %s: %s", self.log_path, exc)
            self.stats.set_value(EXIT_STATUS, EXIT_FAILED)
