"""`scrapy replay URL`: print the archived response of a URL closest to a time, from the WARCs."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from archiver.project import use_project_settings
from archiver.utils.usage import check_paths, one_line_errors, reject_options
from archiver.utils.words import counted
from archiver.warc.index import INDEX_NAME, closest, load_captures, resolve, url_key
from archiver.warc.reader import WarcReadError, decode_body


class Command(ScrapyCommand):
    requires_project = False  # archiver.settings loaded wherever it runs
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[options] <url>"

    def short_desc(self) -> str:
        return "Print the archived response of a URL (status line, headers, decoded body)"

    def long_desc(self) -> str:
        return (
            "Finds the captures of URL in the WARC and ARC files of ARCHIVER_WARC_DIR (or --dir), "
            f"through DIR/{INDEX_NAME} when it is newer than every WARC file (scrapy "
            "warc-index) or --index FILE, else by scanning them, and prints the capture "
            "closest to --time (latest without it): status line and headers as archived, "
            "then the body with chunking and Content-Encoding undone. Revisits are replayed "
            "from their original. Where it came from goes to stderr; --list prints the "
            "captures instead."
        )

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        use_project_settings(self.settings)
        one_line_errors(parser, self)
        parser.add_argument("--time", metavar="TIMESTAMP", help="20170531 or 20170531113800")
        parser.add_argument("--dir", metavar="DIR", help="WARC directory (ARCHIVER_WARC_DIR)")
        parser.add_argument("--index", metavar="FILE", help="a CDXJ index (scrapy warc-index)")
        parser.add_argument("--list", action="store_true", help="list the captures of URL")
        parser.add_argument("--raw", action="store_true", help="body as archived: not decoded")

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        assert self.settings is not None
        reject_options(args)
        if len(args) != 1:
            raise UsageError("give one URL", print_help=False)
        directory = opts.dir or self.settings.get("ARCHIVER_WARC_DIR")
        if opts.index:
            check_paths([opts.index], "index file")
        elif not Path(directory).is_dir():
            raise UsageError(f"no WARC directory {directory}", print_help=False)

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        url = args[0]
        directory = Path(opts.dir or self.settings.get("ARCHIVER_WARC_DIR"))
        index = Path(opts.index) if opts.index else None
        captures, root, errors = load_captures(directory, index)
        for err in errors:
            print(f"skipped: {err}", file=sys.stderr)
        key = url_key(url)
        mine = [c for c in captures if c.urlkey == key]
        if opts.list:
            for c in sorted(mine, key=lambda c: c.timestamp):
                f = c.fields
                print(c.timestamp, f.get("status", "-"), f.get("mime", "-"), c.filename, c.offset)
            self.exitcode = 0 if mine else 1
            return
        try:
            capture = closest(mine, opts.time)
        except ValueError as exc:
            raise UsageError(str(exc), print_help=False) from exc
        if capture is None:
            where = f"index {index}" if index else f"{directory}/"
            urls = len({c.urlkey for c in captures})
            print(
                f"scrapy replay: {url} is not archived in {where} ({counted(urls, 'URL')} archived "
                "there); --list URL lists a URL's captures, --dir DIR reads another WARC "
                "directory",
                file=sys.stderr,
            )
            self.exitcode = 1
            return
        try:
            rec = resolve(capture, captures, root)
        except WarcReadError as exc:
            print(f"cannot replay: {exc}", file=sys.stderr)
            self.exitcode = 1
            return
        print(
            f"{rec.url} archived {rec.date} in {root / capture.filename} at offset "
            f"{capture.offset} ({rec.record_id}{', revisit' if capture.is_revisit else ''})",
            file=sys.stderr,
        )
        body = rec.payload or b""
        if not opts.raw:
            try:
                body = decode_body(body, rec.header("Content-Encoding"))
            except (ValueError, OSError) as exc:
                print(f"body left encoded: {exc}", file=sys.stderr)
        head = f"{rec.protocol} {rec.status} {rec.reason}".rstrip() + "\r\n"
        head += "".join(f"{k}: {v}\r\n" for k, v in rec.http_headers) + "\r\n"
        out = sys.stdout.buffer
        out.write(head.encode("latin-1", "replace"))
        out.write(body)
        out.flush()
        if os.isatty(out.fileno()) and not body.endswith(b"\n"):
            out.write(b"\n")
