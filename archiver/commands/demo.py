"""`scrapy demo`: serve the bundled demo news site on 127.0.0.1 and crawl it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.commands import BaseRunSpiderCommand
from scrapy.exceptions import UsageError
from scrapy.settings import SETTINGS_PRIORITIES

from archiver.demo.server import DemoSite
from archiver.downloadermiddlewares.warc import WARC_STATS
from archiver.project import use_project_settings
from archiver.utils.usage import one_line_errors
from archiver.utils.words import counted
from archiver.warc.counts import by_type, records_phrase

CMDLINE = SETTINGS_PRIORITIES["cmdline"]

DEFAULT_FEED = "output/demo.jsonl"


class Command(BaseRunSpiderCommand):
    requires_project = False  # archiver.settings loaded wherever it runs
    default_settings = {"LOG_LEVEL": "WARNING"}

    def syntax(self) -> str:
        return "[options]"

    def short_desc(self) -> str:
        return "Crawl the bundled demo news site into JSONL and WARC under output/"

    def long_desc(self) -> str:
        return (
            "Starts the demo news site on an ephemeral port of 127.0.0.1, crawls it with the "
            "news spider driven by spiders/profiles/demo.toml, and writes the articles to "
            f"{DEFAULT_FEED} (or -o/-O FILE) and every "
            "HTTP exchange to WARC files under ARCHIVER_WARC_DIR (output/warc)."
        )

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        use_project_settings(self.settings)
        one_line_errors(parser, self)

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        # Quiet by default (the project says INFO); -L or -s LOG_LEVEL=... still win.
        self.settings.set("LOG_LEVEL", "WARNING", priority="cmdline")
        super().process_options(args, opts)
        if not (opts.output or opts.overwrite_output):
            feed = {"format": "jsonlines", "encoding": "utf-8", "overwrite": True}
            self.settings.set("FEEDS", {DEFAULT_FEED: feed}, priority="cmdline")
        self.settings.set("ARCHIVER_WARC_PREFIX", "demo", priority="cmdline")
        # Every demo is a whole crawl whose feed replaces the last one; incremental state (and
        # a state file per ephemeral port) would make a second demo export nothing.
        if (self.settings.getpriority("ARCHIVER_STATE_ENABLED") or 0) < CMDLINE:
            self.settings.set("ARCHIVER_STATE_ENABLED", False, priority="cmdline")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if args:
            raise UsageError("scrapy demo takes no arguments")
        assert self.crawler_process is not None and self.settings is not None
        with DemoSite() as site:
            print(f"Demo news site at {site.base_url}/", flush=True)
            crawler = self._create_crawler("news")
            archived: list[str] = []

            def exported(item: Any, **kwargs: Any) -> None:
                archived.append(item.url)

            # A local function (not a lambda): the signal keeps only a weak reference.
            crawler.signals.connect(exported, signal=signals.item_scraped)
            # The demo profile's URLs are relative to its base, known only now.
            spargs = {"site": "demo", "base": site.base_url} | opts.spargs
            self.crawler_process.crawl(crawler, **spargs)
            self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 1
            return
        stats = crawler.stats.get_stats() if crawler.stats else {}
        feeds = ", ".join(self.settings.getdict("FEEDS"))
        warc_dir = Path(self.settings.get("ARCHIVER_WARC_DIR"))
        print(
            f"{counted(stats.get('item_scraped_count', 0), 'article')} written to {feeds}\n"
            # Said as `scrapy reparse` and `scrapy warc-index` say the same files' records.
            f"{records_phrase(by_type(stats, WARC_STATS))} written to {warc_dir}/",
            flush=True,
        )
        if archived:
            # The site's port changes every run: a command to copy, not a URL to guess.
            scrapy = sys.argv[0] if sys.argv[0].endswith("scrapy") else "scrapy"
            print(f"Replay an article: {scrapy} replay {sorted(archived)[-1]}", flush=True)
        if stats.get("log_count/ERROR"):
            self.exitcode = 1
