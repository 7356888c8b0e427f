"""`scrapy crawl`: Scrapy's command, exiting with the run's status for cron and systemd."""

from __future__ import annotations

import argparse

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError


class Command(ScrapyCrawlCommand):
    """Scrapy's ``crawl``, whose exit status tells a scheduler how the run went.

    Scrapy's own exits 0 whatever happened in the crawl. This one exits with the stat
    ``archiver/run/exit_status`` set by the RunSummary extension: 0 clean, 1 failed (errors
    logged, or a finish_reason such as ``shutdown`` or ``disk_full``), 75 locked out by a
    run of the same crawl still in progress.
    """

    def long_desc(self) -> str:
        return (
            "Run a spider. Exit status: 0 when the run finished without errors, 1 when it "
            "failed or logged errors, 75 when another run of the same crawl holds its lock."
        )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("scrapy crawl takes exactly one spider name")
        assert self.crawler_process is not None
        crawler = self._create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 1
            return
        stats = getattr(crawler, "stats", None)
        self.exitcode = int(stats.get_value("archiver/run/exit_status", 0)) if stats else 0
