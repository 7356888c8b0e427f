"""`scrapy state-import`: a machine's SQLite crawl state into the Redis state of a cluster."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from archiver.core.scheduler import check_redis
from archiver.project import use_project_settings
from archiver.state.shared import RedisState
from archiver.state.sqlite import SqliteState
from archiver.state.transfer import copy_state
from archiver.utils.usage import check_paths, one_line_errors, reject_options
from archiver.utils.words import counted


class Command(ScrapyCommand):
    requires_project = False  # archiver.settings loaded wherever it runs
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[options] STATE.sqlite"

    def short_desc(self) -> str:
        return "Copy a crawl's SQLite state into the shared state of a cluster (Redis)"

    def long_desc(self) -> str:
        return (
            "Copies every article row (digest, WARC record, dates) and every run of a crawl's "
            "SQLite state (output/state/<spider>-<site>.sqlite) into the Redis state that the "
            "workers of a distributed crawl share (ARCHIVER_REDIS_URL, or --redis), under the "
            "crawl's key prefix (archiver:<spider>-<site>, the file's name; or --key). The "
            "cluster then revisits what this machine archived rather than exporting it again. "
            "Run it before the cluster's first run; rows already in Redis are replaced."
        )

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        use_project_settings(self.settings)
        one_line_errors(parser, self)
        parser.add_argument("--redis", metavar="URL", help="Redis URL (default ARCHIVER_REDIS_URL)")
        parser.add_argument(
            "--key", metavar="PREFIX", help="the crawl's key prefix (default archiver:FILE-STEM)"
        )

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        reject_options(args)

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        if len(args) != 1:
            raise UsageError("give one SQLite state file", print_help=False)
        check_paths(args)
        url = opts.redis or self.settings.get("ARCHIVER_REDIS_URL") or ""
        if not url:
            raise UsageError("no Redis URL: --redis URL or -s ARCHIVER_REDIS_URL=URL")
        try:
            check_redis(url)
        except ValueError as exc:
            raise UsageError(str(exc), print_help=False) from None
        path = Path(args[0])
        key = opts.key or f"archiver:{path.stem}"
        source = SqliteState(path, readonly=True)
        target = RedisState.from_url(url, key)
        try:
            copied = copy_state(source, target)
        except source.errors as exc:
            print(f"scrapy state-import: error: {path} is no crawl state: {exc}", file=sys.stderr)
            self.exitcode = 1
            return
        finally:
            source.close()
            target.close()
        print(
            f"{counted(copied.pages, 'article')} and {counted(copied.runs, 'run')} of {path} "
            f"copied to {url} {key}",
            file=sys.stderr,
        )
