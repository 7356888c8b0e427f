"""FieldCoverage: field coverage per site of each run, kept in the state, and the drift alarm."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.exceptions import NotConfigured

from archiver.coverage import (
    CoverageCounter,
    Drift,
    DriftThresholds,
    SiteCoverage,
    coverage_table,
    find_drifts,
)
from archiver.extensions.runlock import LOCKED_REASON
from archiver.extensions.runsummary import DRIFT_STATS, EXIT_STATUS, run_counts
from archiver.state import StateStore, crawl_key, now_iso
from archiver.state.owner import UNREACHABLE, get_state

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)


def _iso(value: Any) -> str:
    if isinstance(value, datetime):
        value = value if value.tzinfo else value.replace(tzinfo=UTC)
        return value.astimezone(UTC).isoformat(timespec="seconds")
    return now_iso()


class FieldCoverage:
    """Extension counting, per site, the articles exported and how many have each field.

    At the end of the run each site's coverage is compared with its trailing runs in the
    crawl state (``find_drifts``): a field the site normally fills that dropped sharply logs
    one WARNING (``Layout change? www.example.com: authors on 3 of 41 articles (7%), 95% over
    the last 10 runs``) and counts ``archiver/coverage/drift/<field>``, which RunSummary marks
    on the runs.log line and, with ``ARCHIVER_RUN_FAIL_ON_DRIFT``, turns into exit status 3.
    Once RunSummary has set the exit status, the run, its coverage and its alarms are added to
    the crawl state's runs, and the coverage lines are logged last. In a cluster (the shared
    state) the run is the cluster's: each worker adds its coverage to the run's, and the last
    live worker to finish judges the drift over all of the run's articles.

    Must come before RunSummary in EXTENSIONS (its spider_closed handler runs first). Settings:
    ``ARCHIVER_COVERAGE_ENABLED`` and the ``ARCHIVER_COVERAGE_DRIFT_*`` thresholds; the runs
    are kept only where the crawl keeps a state (``ARCHIVER_STATE_ENABLED``) and holds its lock.
    """

    def __init__(
        self,
        stats: StatsCollector,
        thresholds: DriftThresholds,
        crawl: str = "",
    ) -> None:
        self.stats = stats
        self.thresholds = thresholds
        self.crawl = crawl
        self.judged = True  # this worker judged the run (always, but in a cluster)
        self.counter = CoverageCounter()
        self.coverage: list[SiteCoverage] = []
        self.drifts: list[Drift] = []
        self.lines: list[str] = []
        self.reason: str | None = None  # set once the spider closed
        self.crawler: Crawler | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FieldCoverage:
        s = crawler.settings
        if not s.getbool("ARCHIVER_COVERAGE_ENABLED"):
            raise NotConfigured
        thresholds = DriftThresholds(
            min_articles=s.getint("ARCHIVER_COVERAGE_DRIFT_MIN_ARTICLES"),
            history=s.getint("ARCHIVER_COVERAGE_DRIFT_HISTORY"),
            min_runs=s.getint("ARCHIVER_COVERAGE_DRIFT_MIN_RUNS"),
            normal=s.getfloat("ARCHIVER_COVERAGE_DRIFT_NORMAL"),
            drop=s.getfloat("ARCHIVER_COVERAGE_DRIFT_DROP"),
        )
        crawl = crawl_key(crawler.spider) if crawler.spider is not None else ""
        o = cls(crawler.stats, thresholds, crawl)
        o.crawler = crawler
        crawler.signals.connect(o.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(o.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(o.engine_stopped, signal=signals.engine_stopped)
        return o

    def item_scraped(self, item: Any, spider: Any = None) -> None:
        try:
            adapter = ItemAdapter(item)
        except TypeError:
            return
        if "url" in adapter:
            # Its own fields, not asdict(): a deep copy of every item (the photos' too) was
            # a tenth of a reparse's own processor time; coverage reads an image either way.
            self.counter.add(dict(adapter.items()))

    def _store(self) -> StateStore | None:
        """The crawl state, unless this run keeps none or was locked out."""
        # A run locked out must not touch the state of the run that holds the lock. (The lock
        # itself is released by now: RunLock lets go of it first thing at spider_closed.)
        if self.crawler is None or self.reason == LOCKED_REASON:
            return None
        return get_state(self.crawler)

    def _failed(self, doing: str, store: StateStore, exc: BaseException) -> None:
        # An ERROR, unless the state was said unreachable already (this is what follows).
        level = logging.DEBUG if self.stats.get_value(UNREACHABLE) else logging.ERROR
        logger.log(level, "Cannot %s %s: %s", doing, store.location, exc)

    def spider_closed(self, spider: Any = None, reason: str = "finished") -> None:
        self.reason = reason
        self.coverage = self.counter.result()
        store = self._store()
        if store is None:
            return
        try:
            report = getattr(store, "report_coverage", None)
            if report is not None:  # a cluster's run: judged once, over all its articles
                judged = report(self.coverage)
                self.judged = judged is not None
                self.coverage = judged if judged is not None else self.coverage
            for cov in self.coverage if self.judged else []:
                history = store.history(cov.site, self.thresholds.history)
                self.drifts += find_drifts(cov, history, self.thresholds)
        except store.errors as exc:
            self._failed("read the runs in", store, exc)
        for d in self.drifts:
            logger.warning(d.message())
            self.stats.inc_value(f"{DRIFT_STATS}{d.field}")

    def engine_stopped(self) -> None:
        if self.reason is None:  # the spider never ran: no run to record
            return
        coverage = self.coverage
        drifted: dict[str, list[str]] = {}
        for d in self.drifts:
            drifted.setdefault(d.site, []).append(d.field)
        self.lines = coverage_table(
            (c.site, "this run", c, drifted.get(c.site, [])) for c in coverage
        )
        store = self._store()
        if store is not None:
            get = self.stats.get_value
            judged = {} if self.judged else {"judged": False}
            try:
                store.add_run(
                    crawl=self.crawl,
                    started=_iso(get("start_time")),
                    finished=_iso(get("finish_time")),
                    finish_reason=self.reason,
                    exit_status=int(get(EXIT_STATUS) or 0),
                    counts=run_counts(self.stats),
                    elapsed=get("elapsed_time_seconds"),
                    coverage=coverage,
                    alarms=self.drifts,
                    **judged,
                )
            except Exception as exc:  # the crawl's outcome matters more than its report
                self._failed("record the run in", store, exc)
        if coverage:
            logger.info(
                "Field coverage (%% of articles; ! drift alarm):\n%s", "\n".join(self.lines)
            )
