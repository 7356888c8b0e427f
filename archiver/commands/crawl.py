"""`scrapy crawl`: Scrapy's command, exiting with the run's status for cron and systemd."""

from __future__ import annotations

import argparse
import sys

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError
from scrapy.spiderloader import get_spider_loader

from archiver.core.scheduler import check_redis
from archiver.extensions.runsummary import EXIT_STATUS, record_failed_start
from archiver.project import use_project_settings
from archiver.state import crawl_key
from archiver.summary import crawl_summary
from archiver.utils.usage import one_line_errors


class Command(ScrapyCrawlCommand):
    """Scrapy's ``crawl``, whose exit status tells a scheduler how the run went.

    Scrapy's own exits 0 whatever happened in the crawl. This one exits with the stat
    ``archiver/run/exit_status`` set by the RunSummary extension: 0 clean, 1 failed (errors
    logged, or a finish_reason such as ``shutdown`` or ``disk_full``), 75 locked out by a
    run of the same crawl still in progress.
    """

    def short_desc(self) -> str:
        return "Run a spider (news: -a site=PROFILE or -a start=URL); exit status for cron"

    def long_desc(self) -> str:
        return (
            "Run a spider. Exit status: 0 when the run finished without errors, 1 when it "
            "failed or logged errors, 2 for a usage error (a bad -a or -s value: nothing is "
            "crawled), 75 when another run of the same crawl holds its lock."
        )

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        use_project_settings(self.settings)
        one_line_errors(parser, self)

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        if len(args) != 1:
            raise UsageError("scrapy crawl takes exactly one spider name", print_help=False)
        assert self.settings is not None
        try:
            spidercls = get_spider_loader(self.settings).load(args[0])
        except KeyError:
            raise UsageError(f"no spider named {args[0]!r}", print_help=False) from None
        # A spider that can check its arguments does so before the crawl (and its log) starts:
        # a bad -a is a usage error of one line, not a traceback from inside the crawl.
        if check := getattr(spidercls, "check_arguments", None):
            try:
                check(**opts.spargs)
            except ValueError as exc:
                raise UsageError(str(exc), print_help=False) from None
        # What the crawl needs of the machine (a browser to render with, the cluster's Redis
        # server): one line, exit 1.
        if setup := getattr(spidercls, "check_setup", None):
            try:
                setup(self.settings, **opts.spargs)
                check_redis(self.settings.get("ARCHIVER_REDIS_URL") or "")
            except ValueError as exc:
                print(f"scrapy crawl: error: {exc}", file=sys.stderr)
                raise SystemExit(1) from None

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("scrapy crawl takes exactly one spider name")
        assert self.crawler_process is not None
        crawler = self._create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 1
            spider = crawler.spider
            key = crawl_key(spider) if spider is not None else str(crawler.spidercls.name)
            record_failed_start(crawler.settings, key, "see the traceback above")
            return
        stats = getattr(crawler, "stats", None)
        self.exitcode = int(stats.get_value(EXIT_STATUS, 0)) if stats else 0
        if stats is not None:
            # Last, below the stats dump: on stderr, as stdout may be a feed (-o -:jsonl).
            print(crawl_summary(crawler), file=sys.stderr, flush=True)
