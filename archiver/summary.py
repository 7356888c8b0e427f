"""The few lines a person reads at the end of a crawl: outcome, counts, where things went."""

from __future__ import annotations

from typing import Any

from archiver.downloadermiddlewares.warc import RECORDS
from archiver.extensions.feeds import feed_uris
from archiver.extensions.runsummary import EXIT_STATUS, run_counts
from archiver.state import beside_warc, crawl_key
from archiver.utils.words import counted

#: Start pages named with the cause of their failure; more are counted.
MAX_CAUSES = 3


def crawl_summary(crawler: Any) -> str:
    """Three lines: how the run ended, what it fetched and exported, where it wrote.

    Printed last by ``scrapy crawl``, below Scrapy's stats dump, where a person looks first;
    ``runs.log`` keeps the same counts one line per run.
    """
    stats, settings = crawler.stats, crawler.settings
    get = stats.get_value
    counts = run_counts(stats)
    reason = get("finish_reason") or "?"
    status = get(EXIT_STATUS, 0)
    elapsed = get("elapsed_time_seconds") or 0.0
    spider = crawler.spider
    name = crawl_key(spider) if spider is not None else crawler.spidercls.name
    lines = [f"Crawl {name}: {reason}, exit status {status}, {elapsed:.1f}s"]
    lines.append(
        f"  fetched {counted(counts['fetched'], 'page')}: "
        f"{counts['new']} new and {counts['updated']} updated articles, "
        f"{counts['unchanged']} unchanged, {counts['skipped']} known not fetched again; "
        f"{counted(counts['errors'], 'error')}, {counted(counts['lost'], 'page')} lost"
    )
    # What stopped the crawl from finding anything, where a person looks first.
    failed = getattr(spider, "start_failures", None) or []
    for url, why in failed[:MAX_CAUSES]:
        lines.append(f"  start page {url} could not be fetched: {why}")
    if len(failed) > MAX_CAUSES:
        lines.append(f"  ...and {counted(len(failed) - MAX_CAUSES, 'start page')} more")
    where = []
    if spider is not None:
        feeds = list(feed_uris(settings.getdict("FEEDS"), spider))
        if feeds and counts["items"]:
            where.append(f"articles in {', '.join(feeds)}")
        elif feeds:
            where.append("no articles exported")
    if settings.getbool("ARCHIVER_WARC_ENABLED") and get(RECORDS):
        where.append(f"WARC in {settings.get('ARCHIVER_WARC_DIR')}/")
    elif settings.getbool("ARCHIVER_WARC_ENABLED"):
        where.append("nothing archived")
    log = settings.get("ARCHIVER_RUN_LOG")
    log = str(beside_warc(settings, "ARCHIVER_RUN_LOG", "runs.log")) if log is None else log
    if log and settings.getbool("ARCHIVER_RUN_SUMMARY_ENABLED"):
        where.append(f"runs log {log}")
    if where:
        lines.append("  " + "; ".join(where))
    return "\n".join(lines)
