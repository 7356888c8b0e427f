"""`scrapy warc-index`: a sorted CDXJ index of WARC files (cdxj-indexer), as pywb and WACZ use."""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cdxj_indexer.main import CDXJIndexer
from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from archiver.warc.reader import WarcReadError, expand_paths, iter_records

INDEX_NAME = "index.cdxj"


@dataclass
class Capture:
    """One line of a CDXJ index."""

    urlkey: str
    timestamp: str
    """14 digits, UTC: 20170531013800."""
    fields: dict[str, str]

    @classmethod
    def parse(cls, line: str) -> Capture:
        urlkey, timestamp, data = line.rstrip("\n").split(" ", 2)
        return cls(urlkey, timestamp, json.loads(data))

    @property
    def filename(self) -> str:
        return self.fields["filename"]

    @property
    def offset(self) -> int:
        return int(self.fields["offset"])

    @property
    def is_revisit(self) -> bool:
        return self.fields.get("mime") == "warc/revisit"


def url_key(url: str) -> str:
    """The SURT key cdxj-indexer (and pywb) file a URL under."""
    return CDXJIndexer(None, []).get_url_key(url)


def index_lines(
    paths: list[Path], dir_root: str | os.PathLike[str] | None = None
) -> tuple[list[str], list[WarcReadError]]:
    """Sorted CDXJ lines of readable files, and the errors of the others (file and offset).

    Each file is first read through with our reader, which reports damage cdxj-indexer would
    pass over (a cut gzip member ends its iteration quietly) or crash on without a location.
    """
    indexer = CDXJIndexer(None, [], dir_root=str(dir_root) if dir_root else None)
    lines: list[str] = []
    errors: list[WarcReadError] = []
    for path in paths:
        try:
            for _ in iter_records(path):
                pass
        except WarcReadError as exc:
            errors.append(exc)
            continue
        out = io.StringIO()
        with open(path, "rb") as fh:
            indexer.process_one(fh, out, str(path))
        lines.extend(out.getvalue().splitlines(keepends=True))
    lines.sort()  # CDXJ is sorted by key then timestamp, byte order: what pywb bisects
    return lines, errors


def closest(captures: list[Capture], when: str | None) -> Capture | None:
    """The capture nearest to ``when`` (1 to 14 digits, 2017 or 20170531...); the latest if None.

    Revisits count as captures (they are the archive's answer at that time); error statuses
    lose to any 2xx/3xx capture, as in pywb's replay.
    """
    if not captures:
        return None
    ok = [c for c in captures if c.fields.get("status", "200")[:1] in "23"] or captures
    if not when:
        return max(ok, key=lambda c: c.timestamp)
    digits = when.replace("-", "").replace(":", "").replace("T", "").replace(" ", "")
    if not digits.isdigit() or not 4 <= len(digits) <= 14:
        raise UsageError(f"--time wants 4 to 14 digits (20170531), got {when!r}")
    # Padded as pywb pads: 2017 is 2017-01-01 00:00:00.
    target = _ts(digits + "10000101000000"[len(digits) :])
    return min(ok, key=lambda c: (abs((_ts(c.timestamp) - target).total_seconds()), c.timestamp))


def _ts(digits: str) -> datetime:
    return datetime.strptime(digits[:14].ljust(14, "0"), "%Y%m%d%H%M%S")


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[options] [WARC file or directory ...]"

    def short_desc(self) -> str:
        return "Write a CDXJ index of WARC files (default: ARCHIVER_WARC_DIR/index.cdxj)"

    def long_desc(self) -> str:
        return (
            "Indexes the response, revisit, resource and metadata records of WARC files "
            "(ARCHIVER_WARC_DIR unless named) with cdxj-indexer into one sorted CDXJ file: "
            "SURT key, 14-digit timestamp, and url, mime, status, digest, length, offset and "
            "filename (relative to the indexed directory). pywb, `scrapy replay` and WACZ "
            "read it. A damaged file is reported with its offset and left out; exit status 1."
        )

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument(
            "-o",
            "--output",
            metavar="FILE",
            help=f"where to write the index (- for stdout; default DIR/{INDEX_NAME})",
        )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        inputs = args or [self.settings.get("ARCHIVER_WARC_DIR")]
        paths = [p for p in expand_paths(inputs) if p.name != INDEX_NAME]
        if not paths:
            raise UsageError(f"no WARC files in {' '.join(map(str, inputs))}", print_help=False)
        first_dir = next((Path(i) for i in inputs if Path(i).is_dir()), None)
        # Filenames in the index are relative to where the index is (pywb's archive dir).
        root = first_dir or paths[0].parent
        lines, errors = index_lines(paths, dir_root=root)
        for err in errors:
            print(f"skipped: {err}", file=sys.stderr)
        output = opts.output or str(root / INDEX_NAME)
        if output == "-":
            sys.stdout.writelines(lines)
        else:
            tmp = f"{output}.tmp"
            with open(tmp, "w", encoding="utf-8") as fh:
                fh.writelines(lines)
            os.replace(tmp, output)  # a reader never sees half an index
            print(
                f"{len(lines)} captures of {len(paths) - len(errors)} WARC files in {output}",
                file=sys.stderr,
            )
        if errors:
            self.exitcode = 1
