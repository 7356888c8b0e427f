"""`scrapy replay URL`: print the archived response of a URL closest to a time, from the WARCs."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from archiver.commands.warc_index import INDEX_NAME, Capture, closest, index_lines, url_key
from archiver.warc.reader import (
    ArchivedRecord,
    WarcReadError,
    decode_body,
    expand_paths,
    merge_revisit,
    read_record,
)


def load_captures(directory: Path, index: Path | None) -> tuple[list[Capture], Path]:
    """Index lines (an index file if given or fresh, else a scan) and the dir filenames are in."""
    if index is None:
        candidate = directory / INDEX_NAME
        warcs = expand_paths([directory])
        # An index older than a WARC file would miss captures: scan instead.
        if candidate.exists() and all(
            w.stat().st_mtime <= candidate.stat().st_mtime for w in warcs
        ):
            index = candidate
        else:
            lines, errors = index_lines(warcs, dir_root=directory)
            for err in errors:
                print(f"skipped: {err}", file=sys.stderr)
            return [Capture.parse(line) for line in lines], directory
    with open(index, encoding="utf-8") as fh:
        return [Capture.parse(line) for line in fh if line.strip()], index.parent


def resolve(capture: Capture, captures: list[Capture], root: Path) -> ArchivedRecord:
    """The record of a capture, a revisit joined to its original (same digest, earlier)."""
    rec = read_record(root / capture.filename, capture.offset)
    if not capture.is_revisit:
        return rec
    digest = capture.fields.get("digest")
    originals = [
        c
        for c in captures
        if not c.is_revisit
        and c.fields.get("digest") == digest
        and c.timestamp <= capture.timestamp
    ]
    # Same URL first, then any URL with that payload (deduplicating crawlers do both).
    originals.sort(key=lambda c: (c.urlkey != capture.urlkey, c.timestamp))
    if not originals:
        raise WarcReadError(
            root / capture.filename, capture.offset, "revisit whose original is not archived here"
        )
    original = originals[0]
    return merge_revisit(rec, read_record(root / original.filename, original.offset))


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[options] <url>"

    def short_desc(self) -> str:
        return "Print the archived response of a URL (status line, headers, decoded body)"

    def long_desc(self) -> str:
        return (
            "Finds the captures of URL in the WARC files of ARCHIVER_WARC_DIR (or --dir), "
            f"through DIR/{INDEX_NAME} when it is newer than every WARC file (scrapy "
            "warc-index) or --index FILE, else by scanning them, and prints the capture "
            "closest to --time (latest without it): status line and headers as archived, "
            "then the body with chunking and Content-Encoding undone. Revisits are replayed "
            "from their original. Where it came from goes to stderr; --list prints the "
            "captures instead."
        )

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--time", metavar="TIMESTAMP", help="20170531 or 20170531113800")
        parser.add_argument("--dir", metavar="DIR", help="WARC directory (ARCHIVER_WARC_DIR)")
        parser.add_argument("--index", metavar="FILE", help="a CDXJ index (scrapy warc-index)")
        parser.add_argument("--list", action="store_true", help="list the captures of URL")
        parser.add_argument("--raw", action="store_true", help="body as archived: not decoded")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give one URL")
        assert self.settings is not None
        url = args[0]
        directory = Path(opts.dir or self.settings.get("ARCHIVER_WARC_DIR"))
        index = Path(opts.index) if opts.index else None
        if index is None and not directory.is_dir():
            raise UsageError(f"no WARC directory {directory}", print_help=False)
        captures, root = load_captures(directory, index)
        key = url_key(url)
        mine = [c for c in captures if c.urlkey == key]
        if opts.list:
            for c in sorted(mine, key=lambda c: c.timestamp):
                f = c.fields
                print(c.timestamp, f.get("status", "-"), f.get("mime", "-"), c.filename, c.offset)
            self.exitcode = 0 if mine else 1
            return
        capture = closest(mine, opts.time)
        if capture is None:
            print(f"not archived: {url} (key {key})", file=sys.stderr)
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
