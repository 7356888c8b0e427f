"""`scrapy history URL`: every version of an article we hold, and what changed at each."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from archiver.history.output import FORMATS, output_format, write
from archiver.history.render import (
    REPLAY_PREFIX,
    change_json,
    html_page,
    text_history,
    version_json,
)
from archiver.history.sources import ReparseFailed, open_versions
from archiver.history.versions import changes
from archiver.project import use_project_settings
from archiver.query import DEFAULT_FILES
from archiver.state import now_iso
from archiver.utils.usage import one_line_errors, reject_options
from archiver.utils.words import counted


class Command(ScrapyCommand):
    requires_project = False
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[options] <URL> [JSONL file or glob ...]"

    def short_desc(self) -> str:
        return "Every version of an article, oldest first, with the word diff of each change"

    def long_desc(self) -> str:
        return (
            "Finds the article whose URL or canonical URL is URL in the JSONL files "
            f"({DEFAULT_FILES} unless named), or with --warc in WARC/ARC files (extracted "
            "again, as scrapy reparse does), and prints every version, oldest first: its fetch "
            "time, its WARC record, the fields that changed against the version before, a "
            "word diff of headline, description and body, and before -> after of the others."
        )

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        use_project_settings(self.settings)
        one_line_errors(parser, self)
        g = parser.add_argument_group(title="History options")
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
        if not args:
            raise UsageError("name the article's URL", print_help=False)
        parts = urlsplit(args[0])
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise UsageError(f"not an http(s) URL: {args[0]!r}", print_help=False)
        if opts.warc and args[1:]:
            raise UsageError("name JSONL files or --warc, not both", print_help=False)

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        url, files = args[0], args[1:] or [DEFAULT_FILES]
        fmt = output_format(opts.format, opts.output)
        if fmt == "html" and not opts.output:
            raise UsageError("--format html: name the page with -o FILE.html", print_help=False)
        with tempfile.TemporaryDirectory() as tmp:
            try:
                source, where = open_versions(files, opts.warc, Path(tmp))
                versions = source.of(url)
            except ValueError as exc:
                raise UsageError(str(exc), print_help=False) from None
            except ReparseFailed as exc:
                print(f"scrapy history: error: reparse failed: {exc}", file=sys.stderr)
                self.exitcode = 1
                return
        if not versions:
            print(f"scrapy history: no version of {url} in {where}", file=sys.stderr)
            self.exitcode = 1
            return
        found = changes(versions)
        if fmt == "jsonl":
            by_after = {id(c.after): c for c in found}
            lines = []
            for n, v in enumerate(versions, 1):
                # The record under "archived": a line of this output read back by a glob
                # must not look like a capture of the article.
                line = {"version": n, "url": v.url, "headline": v.headline}
                line["archived"] = version_json(v)
                if (c := by_after.get(id(v))) is not None:
                    line["change"] = change_json(c, with_diffs=True)
                lines.append(line)
            write("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), opts.output)
        elif fmt == "html":
            note = f"{counted(len(versions), 'version')} of {url}; {where}; generated {now_iso()}."
            title = f"History of {versions[-1].headline or url}"
            write(
                html_page([(versions, found)], title=title, note=note, prefix=opts.replay),
                opts.output,
            )
        else:
            write(text_history(versions, found), opts.output)
        if opts.output and opts.output != "-":
            print(f"{counted(len(versions), 'version')} written to {opts.output}", file=sys.stderr)
