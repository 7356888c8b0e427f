"""`scrapy query`: filter, search and export article JSONL files with DuckDB, or run SQL on them."""

from __future__ import annotations

import argparse
import glob
import sys
from pathlib import Path

import duckdb
from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from archiver.project import use_project_settings
from archiver.query import (
    DEFAULT_FILES,
    FORMATS,
    TABLE_FIELDS,
    Filters,
    connect,
    export_files,
    restrict_to_matches,
    select_fields,
)
from archiver.utils.usage import check_date, one_line_errors, reject_options


class Command(ScrapyCommand):
    requires_project = False
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[options] [JSONL file or glob ...]"

    def short_desc(self) -> str:
        return "Filter, search and export the article JSONL (DuckDB), or run SQL on it"

    def long_desc(self) -> str:
        return (
            f"Reads article JSONL files ({DEFAULT_FILES} unless named; globs allowed) as the "
            "table `articles` and prints the matching articles as a table, JSON lines or CSV. "
            "Filters combine with AND: --site, --author, --agency, --language, --since/--until "
            "(published; a date is the page's own local date), --text (words or quoted "
            'phrases in headline or body), --headline. --sql "SELECT ... FROM articles" runs '
            "any DuckDB SQL instead."
        )

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        use_project_settings(self.settings)
        one_line_errors(parser, self)
        g = parser.add_argument_group(title="Query options")
        g.add_argument("--site", help="site name or host contains this (case-insensitive)")
        g.add_argument("--author", help="an author's name contains this")
        g.add_argument("--agency", help="credited to this agency (AAP, Reuters...)")
        g.add_argument("--language", help="language tag, or its primary subtag (en: en-AU too)")
        g.add_argument("--since", metavar="DATE", help="published on or after (2017-05-01)")
        g.add_argument("--until", metavar="DATE", help="published on or before (2017-05-31)")
        g.add_argument("--text", metavar="WORDS", help="all these words in headline or body")
        g.add_argument("--headline", metavar="WORDS", help="all these words in the headline")
        g.add_argument(
            "--sql",
            help="run this SQL on the table `articles` (filters given too make it their matches)",
        )
        g.add_argument(
            "--strict",
            action="store_true",
            help="refuse files with malformed lines (skipped with a warning by default)",
        )
        # No colon in the help: Scrapy's help formatter makes a line ending in one a heading.
        g.add_argument(
            "--fields",
            help=f"comma-separated fields; default {','.join(TABLE_FIELDS)} for the table, "
            "all for jsonl and csv",
        )
        g.add_argument("--limit", type=int, help="at most N rows")
        g.add_argument("--format", choices=FORMATS, default="table", help="default: table")
        g.add_argument("-o", "--output", metavar="FILE", help="write jsonl/csv here, not stdout")

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        reject_options(args)
        check_date(opts.since, "--since")
        check_date(opts.until, "--until")
        if opts.limit is not None and opts.limit < 0:
            raise UsageError("--limit: must be 0 or more", print_help=False)
        if opts.format == "table" and opts.output:
            raise UsageError(
                "--format table prints to the terminal; use jsonl or csv with -o", print_help=False
            )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        patterns = args or [DEFAULT_FILES]
        missing = [p for p in patterns if not glob.glob(p)]
        if missing:
            raise UsageError(f"no such file: {', '.join(missing)}", print_help=False)
        folders = [p for p in patterns if Path(p).is_dir()]
        if folders:
            raise UsageError(
                f"{folders[0]} is a directory: name its files ('{folders[0]}/*.jsonl')",
                print_help=False,
            )
        filters = Filters(
            **{k: getattr(opts, k) for k in ("site", "author", "agency", "language")},
            since=opts.since,
            until=opts.until,
            text=opts.text,
            headline=opts.headline,
        )
        if opts.sql:
            sql, params = opts.sql, []
        else:
            names = [f.strip() for f in (opts.fields or "").split(",") if f.strip()]
            sql, params = select_fields(names, opts.format, filters, opts.limit)
        con = connect(patterns)
        try:
            # SQL given with filters: `articles` becomes the articles that match them.
            if opts.sql and restrict_to_matches(con, patterns, filters):
                print("--sql runs on the articles that match the filters", file=sys.stderr)
            export_files(con, patterns, sql, params, opts.format, opts.output, opts.strict)
        except duckdb.Error as exc:
            print(f"query failed: {exc}", file=sys.stderr)
            self.exitcode = 1
