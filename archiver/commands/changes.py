"""`scrapy changes`: the articles that changed in a period, one line each, or an HTML page."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from archiver.history.output import FORMATS, output_format, write
from archiver.history.render import REPLAY_PREFIX, change_json, html_page, text_changes
from archiver.history.sources import Period, ReparseFailed, open_versions
from archiver.project import use_project_settings
from archiver.query import DEFAULT_FILES
from archiver.state import now_iso
from archiver.utils.usage import check_date, one_line_errors, reject_options


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


class Command(ScrapyCommand):
    requires_project = False
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[options] [JSONL file or glob ...]"

    def short_desc(self) -> str:
        return "List the articles that changed (fields, words, stealth edits, corrections)"

    def long_desc(self) -> str:
        return (
            f"Reads the article versions of the JSONL files ({DEFAULT_FILES} unless named), or "
            "with --warc those of WARC/ARC files (extracted again, as scrapy reparse does), and "
            "lists the articles that changed in the period (--since/--until: when the new "
            "version was fetched, UTC), one line each: when, site, how many changes, the fields "
            "that changed, words added, removed and moved, and flags: stealth (what a reader "
            "sees changed, the page's updated did not), correction, update-notice. "
            "-o FILE.jsonl for scripts (one line per change), -o FILE.html for one offline "
            "page with the diffs."
        )

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        use_project_settings(self.settings)
        one_line_errors(parser, self)
        g = parser.add_argument_group(title="Changes options")
        g.add_argument("--site", help="site name or host contains this (case-insensitive)")
        g.add_argument("--since", metavar="DATE", help="changed on or after (2026-11-01, UTC)")
        g.add_argument("--until", metavar="DATE", help="changed on or before (2026-11-30, UTC)")
        g.add_argument(
            "--warc",
            action="append",
            metavar="PATH",
            help="read the versions from these WARC/ARC files or directories (repeatable)",
        )
        g.add_argument("--format", choices=FORMATS, help="default: by -o's extension, or text")
        g.add_argument("-o", "--output", metavar="FILE", help="write here, not stdout")
        g.add_argument(
            "--replay",
            metavar="PREFIX",
            default=REPLAY_PREFIX,
            help=f"HTML: replay links are PREFIX + time + / + URL (default {REPLAY_PREFIX})",
        )

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        reject_options(args)
        check_date(opts.since, "--since")
        check_date(opts.until, "--until")
        if opts.warc and args:
            raise UsageError("name JSONL files or --warc, not both", print_help=False)

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        fmt = output_format(opts.format, opts.output)
        if fmt == "html" and not opts.output:
            raise UsageError("--format html: name the page with -o FILE.html", print_help=False)
        period = Period(opts.since, opts.until)
        with tempfile.TemporaryDirectory() as tmp:
            try:
                versions, source = open_versions(args or [DEFAULT_FILES], opts.warc, Path(tmp))
                entries = list(versions.changed(opts.site, period))
            except ValueError as exc:
                raise UsageError(str(exc), print_help=False) from None
            except ReparseFailed as exc:
                print(f"scrapy changes: error: reparse failed: {exc}", file=sys.stderr)
                self.exitcode = 1
                return
        # Newest change first in the page and the lines: what a reader looks for.
        entries.sort(key=lambda e: e[1][-1].after.fetched_at or "", reverse=True)
        n_changes = sum(len(found) for _, found in entries)
        stealth = sum(c.stealth for _, found in entries for c in found)
        said = (
            f"{_n(len(entries), 'article')} changed ({_n(n_changes, 'change')}, "
            f"{_n(stealth, 'stealth edit')})"
        )
        if fmt == "jsonl":
            lines = [change_json(c) for _, found in entries for c in found]
            lines.sort(key=lambda c: (c["when"] or "", c["url"]))
            write("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in lines), opts.output)
        elif fmt == "html":
            period_text = f"from {opts.since or 'the first version'} to {opts.until or 'the last'}"
            note = f"{said}, {period_text}; {source}; generated {now_iso()}."
            page = html_page(entries, title="Changed articles", note=note, prefix=opts.replay)
            write(page, opts.output)
        else:
            write(text_changes(entries), opts.output)
        where = f" written to {opts.output}" if opts.output and opts.output != "-" else ""
        print(f"{said}{where}", file=sys.stderr)
