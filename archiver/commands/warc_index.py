"""`scrapy warc-index`: a sorted CDXJ index of WARC/ARC files, as pywb and WACZ use."""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from archiver.project import use_project_settings
from archiver.utils.usage import check_paths, one_line_errors, reject_options
from archiver.utils.words import counted
from archiver.warc.counts import records_phrase
from archiver.warc.index import INDEX_NAME, index_lines
from archiver.warc.reader import expand_paths


class Command(ScrapyCommand):
    requires_project = False  # archiver.settings loaded wherever it runs
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[options] [WARC file or directory ...]"

    def short_desc(self) -> str:
        return "Write a CDXJ index of WARC files (default: ARCHIVER_WARC_DIR/index.cdxj)"

    def long_desc(self) -> str:
        return (
            "Indexes the response, revisit, resource and metadata records (a capture each; "
            "not warcinfo, request or conversion records) of WARC and ARC "
            "files (ARCHIVER_WARC_DIR unless named) with cdxj-indexer into one sorted CDXJ file: "
            "SURT key, 14-digit timestamp, and url, mime, status, digest, length, offset and "
            "filename (relative to the indexed directory). pywb, `scrapy replay` and WACZ "
            "read it. Damage in a file is reported (file, offset, length, cause) and skipped: "
            "the intact records after it are indexed; a file gzipped as a whole (no record can "
            "be sought in it) or no WARC at all is left out; exit status 1 for either."
        )

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        use_project_settings(self.settings)
        one_line_errors(parser, self)
        parser.add_argument(
            "-o",
            "--output",
            metavar="FILE",
            help=f"where to write the index (- for stdout; default DIR/{INDEX_NAME})",
        )

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        reject_options(args)

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        inputs = args or [self.settings.get("ARCHIVER_WARC_DIR")]
        check_paths(inputs)  # before the index file is opened: a typo leaves nothing behind
        paths = [p for p in expand_paths(inputs) if p.name != INDEX_NAME]
        if not paths:
            raise UsageError(f"no WARC files in {' '.join(map(str, inputs))}", print_help=False)
        first_dir = next((Path(i) for i in inputs if Path(i).is_dir()), None)
        # Filenames in the index are relative to where the index is (pywb's archive dir).
        root = first_dir or paths[0].parent
        records: Counter[str] = Counter()
        lines, errors = index_lines(paths, dir_root=root, records=records)
        for err in errors:
            print(f"skipped: {err}", file=sys.stderr)
        left_out = {e.path for e in errors if e.length is None}
        output = opts.output or str(root / INDEX_NAME)
        if output == "-":
            sys.stdout.writelines(lines)
        else:
            tmp = f"{output}.tmp"
            with open(tmp, "w", encoding="utf-8") as fh:
                fh.writelines(lines)
            os.replace(tmp, output)  # a reader never sees half an index
            # Said as the demo and reparse say it: the same records, counted the same way.
            files = counted(len(paths) - len(left_out), "file")
            print(
                f"{counted(len(lines), 'capture')} indexed from {records_phrase(records)} "
                f"of {files}: {output}",
                file=sys.stderr,
            )
        if errors:
            self.exitcode = 1
