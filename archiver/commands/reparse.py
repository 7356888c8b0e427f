"""`scrapy reparse WARC...`: extract the articles of WARC/ARC files again, without crawling."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from scrapy.commands import BaseRunSpiderCommand
from scrapy.exceptions import UsageError
from scrapy.settings import SETTINGS_PRIORITIES

from archiver.pipelines.article import PAGES_OTHER
from archiver.profiles import ProfileError, load_profile
from archiver.project import use_project_settings
from archiver.spiders.reparse import STATS, WarcSpider
from archiver.utils.usage import check_paths, check_timezone, one_line_errors, reject_options
from archiver.utils.words import counted
from archiver.warc.counts import by_type, records_phrase
from archiver.warc.reader import expand_paths


class Command(BaseRunSpiderCommand):
    requires_project = False  # archiver.settings loaded wherever it runs
    # A long reparse shows its progress on a terminal (not in cron): files, records, rate.
    default_settings = {"LOG_LEVEL": "WARNING", "ARCHIVER_PROGRESS": "auto"}

    def syntax(self) -> str:
        return "[options] <WARC/ARC file or directory> ..."

    def short_desc(self) -> str:
        return "Extract articles from WARC or ARC files (ours or another crawler's) to a feed"

    def long_desc(self) -> str:
        return (
            "Reads the response records of WARC and ARC files (gzip or plain; revisits resolved "
            "when their original is among the files) and runs every archived article page through "
            "the same extraction, pipelines and feeds as a crawl: -o/-O FILE, or "
            "output/reparse.jsonl. Nothing is downloaded and nothing is archived again. Each "
            "item keeps the warc {filename, record_id} of its record and fetched_at from "
            "WARC-Date. Without -a site, a WARC file of our crawl is read with the site profile "
            "and hints its warcinfo record describes. A file that cannot be read is reported "
            "(file and byte offset) and skipped; the exit status is then 1."
        )

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        use_project_settings(self.settings)
        one_line_errors(parser, self)
        parser.add_argument(
            "--all",
            dest="all_pages",
            action="store_true",
            help="extract every HTML response, not only the pages that look like articles",
        )
        parser.add_argument(
            "--timezone",
            metavar="TZ",
            default="",
            help="IANA timezone of dates printed without offset (Australia/Sydney)",
        )

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        # Over the project's settings (which outrank default_settings), under -L and -s.
        for name, value in self.default_settings.items():
            if (self.settings.getpriority(name) or 0) < SETTINGS_PRIORITIES["cmdline"]:
                self.settings.set(name, value, priority="cmdline")
        super().process_options(args, opts)
        # Before any file is read: a misspelt option or a bad value is one line, exit 2.
        reject_options(args)
        check_timezone(opts.timezone)
        if not args:
            raise UsageError("name at least one WARC/ARC file or directory", print_help=False)
        check_paths(args)
        if site := opts.spargs.get("site"):
            try:
                load_profile(site)
            except ProfileError as exc:
                raise UsageError(f"-a site: {exc}", print_help=False) from None

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if not args:
            raise UsageError("name at least one WARC/ARC file or directory")
        assert self.crawler_process is not None
        files = [str(p) for p in expand_paths(args)]
        if not files:
            raise UsageError(f"no WARC or ARC files in {' '.join(args)}", print_help=False)
        crawler = self._create_crawler(WarcSpider)
        spargs = {"files": files, "all_pages": opts.all_pages, "timezone": opts.timezone}
        self.crawler_process.crawl(crawler, **(spargs | opts.spargs))
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 1
            return
        stats = crawler.stats.get_stats() if crawler.stats else {}
        failed = stats.get(f"{STATS}/files_failed", 0)
        bad_records = stats.get(f"{STATS}/records_failed", 0)
        # The records said as `scrapy demo` and `scrapy warc-index` say them.
        records = records_phrase(by_type(stats, STATS))
        print(
            f"{counted(stats.get('item_scraped_count', 0), 'article')} from "
            f"{records} of {counted(len(files), 'file')}"
            + (f"; {counted(failed, 'file')} failed" if failed else "")
            + (f"; {counted(bad_records, 'record')} failed" if bad_records else ""),
            file=sys.stderr,
            flush=True,
        )
        if refused := refused_kinds(stats):
            print(f"not articles: {refused}", file=sys.stderr, flush=True)
        damage = getattr(crawler.spider, "damage", [])
        if damage:
            # Said again where a person looks last: each skipped byte range on its own line.
            skipped = sum(d.length or 0 for d in damage)
            ranges = counted(len(damage), "damaged byte range")
            print(f"{ranges} skipped ({counted(skipped, 'byte')}):", file=sys.stderr)
            for d in damage:
                print(f"  {d}", file=sys.stderr)
        if failed or bad_records or stats.get("log_count/ERROR"):
            self.exitcode = 1


def refused_kinds(stats: dict[str, Any]) -> str:
    """The pages the article test refused, by what each was: "12 listing, 3 forum"."""
    prefix = f"{PAGES_OTHER}/"
    kinds = {k.removeprefix(prefix): v for k, v in stats.items() if k.startswith(prefix)}
    return ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items(), key=lambda kv: -kv[1]))
