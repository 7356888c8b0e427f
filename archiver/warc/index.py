"""CDXJ indexes of WARC/ARC files (cdxj-indexer, as pywb and WACZ use): write, read, look up."""

from __future__ import annotations

import functools
import io
import json
import os
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from archiver.warc.counts import CAPTURE_TYPES
from archiver.warc.reader import (
    ArchivedRecord,
    WarcReadError,
    archive_format,
    expand_paths,
    iter_records,
    merge_revisit,
    read_record,
)

if TYPE_CHECKING:
    from cdxj_indexer.main import CDXJIndexer

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
    return _indexer()(None, []).get_url_key(url)


@functools.cache
def _indexer() -> type[CDXJIndexer]:
    """cdxj-indexer indexing its default record types whatever else is imported: the wacz
    package, once imported (as ``scrapy wacz`` does), appends warcinfo to
    ``CDXJIndexer.DEFAULT_RECORDS`` for every indexer, and a file's warcinfo record became a
    capture with no URL (key ``-``). Imported when used: cdxj-indexer brings pyamf and more, a
    second of every command's start (each command module is loaded at every start), most of
    which index nothing."""
    from cdxj_indexer.main import CDXJIndexer

    class CaptureIndexer(CDXJIndexer):
        DEFAULT_RECORDS = list(CAPTURE_TYPES)

    return CaptureIndexer


def check_seekable(path: str | os.PathLike[str]) -> None:
    """WarcReadError unless every record of the file can be reached by its offset.

    A file gzipped as a whole has no compressed offset of a record: pywb, WACZ players and
    cdxj-indexer cannot use it (our reader can, by decompressing from the start).
    """
    if archive_format(path).whole_gzip:
        raise WarcReadError(
            path,
            0,
            "gzipped as one whole file, not record by record: replay tools cannot seek in it "
            f"(`warcio recompress {os.path.basename(path)} NEW.warc.gz` fixes that)",
        )


def index_lines(
    paths: list[Path],
    dir_root: str | os.PathLike[str] | None = None,
    records: Counter[str] | None = None,
) -> tuple[list[str], list[WarcReadError]]:
    """Sorted CDXJ lines of the intact records, and the errors: files left out (unreadable,
    gzipped as a whole) and damaged byte ranges skipped (file, offset, length, cause).

    Each file is first read through with our reader, which finds the damage cdxj-indexer would
    pass over (a cut gzip member ends its iteration quietly) or stop at, and where reading can
    go on; cdxj-indexer then indexes each intact range of the file on its own, so the records
    after damage are indexed too, at their true offsets. ARC files are indexed as cdxj-indexer
    does (their records read as WARC records). ``records``, if given, counts the intact
    records read by WARC-Type.
    """
    indexer = _indexer()(None, [], dir_root=str(dir_root) if dir_root else None)
    lines: list[str] = []
    errors: list[WarcReadError] = []
    for path in paths:
        damage: list[WarcReadError] = []
        read: Counter[str] = Counter()
        try:
            check_seekable(path)
            for rec in iter_records(path, on_damage=damage.append):
                read[rec.rec_type] += 1
        except WarcReadError as exc:
            errors.append(exc)
            continue
        errors.extend(damage)
        if records is not None:
            records.update(read)
        out = io.StringIO()
        with open(path, "rb") as fh:
            for start, end in intact_ranges(damage, os.fstat(fh.fileno()).st_size):
                indexer.process_one(_Range(fh, start, end), out, str(path))
        lines.extend(line for line in out.getvalue().splitlines(keepends=True) if line.strip())
    lines.sort()  # CDXJ is sorted by key then timestamp, byte order: what pywb bisects
    return lines, errors


def intact_ranges(damage: list[WarcReadError], size: int) -> list[tuple[int, int]]:
    """(start, end) byte ranges of a file between its damaged ranges, as the reader skipped
    them (each damage names its offset and where reading went on)."""
    ranges, start = [], 0
    for d in damage:
        if d.offset is not None and d.offset > start:
            ranges.append((start, d.offset))
        if d.resumed_at is None:
            return ranges
        start = d.resumed_at
    if start < size:
        ranges.append((start, size))
    return ranges


class _Range(io.RawIOBase):
    """The bytes ``start`` to ``end`` of an open file, offsets (tell, seek) those of the file:
    what cdxj-indexer reads to index one intact range and give its records' true offsets."""

    def __init__(self, fh: io.BufferedReader, start: int, end: int) -> None:
        self._fh, self._end = fh, end
        fh.seek(start)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._fh.tell()

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        return self._fh.seek(offset, whence)

    def readinto(self, b) -> int:  # type: ignore[no-untyped-def]
        left = self._end - self._fh.tell()
        if left <= 0:
            return 0
        view = memoryview(b)[: min(len(b), left)]
        return self._fh.readinto(view)


def closest(captures: list[Capture], when: str | None) -> Capture | None:
    """The capture nearest to ``when`` (4 to 14 digits, 2017 or 20170531...); the latest if None.

    Revisits count as captures (they are the archive's answer at that time); error statuses
    lose to any 2xx/3xx capture, as in pywb's replay. ValueError for a malformed ``when``.
    """
    if not captures:
        return None
    ok = [c for c in captures if c.fields.get("status", "200")[:1] in "23"] or captures
    if not when:
        return max(ok, key=lambda c: c.timestamp)
    digits = when.replace("-", "").replace(":", "").replace("T", "").replace(" ", "")
    if not digits.isdigit() or not 4 <= len(digits) <= 14:
        raise ValueError(f"--time wants 4 to 14 digits (20170531), got {when!r}")
    # Padded as pywb pads: 2017 is 2017-01-01 00:00:00.
    target = _ts(digits + "10000101000000"[len(digits) :])
    return min(ok, key=lambda c: (abs((_ts(c.timestamp) - target).total_seconds()), c.timestamp))


def _ts(digits: str) -> datetime:
    return datetime.strptime(digits[:14].ljust(14, "0"), "%Y%m%d%H%M%S")


def load_captures(
    directory: Path, index: Path | None
) -> tuple[list[Capture], Path, list[WarcReadError]]:
    """Index lines (an index file if given or fresh, else a scan), the directory their file
    names are relative to, and the files a scan could not read."""
    if index is None:
        candidate = directory / INDEX_NAME
        warcs = [p for p in expand_paths([directory]) if p.name != INDEX_NAME]
        # An index older than a WARC file would miss captures: scan instead.
        if candidate.exists() and all(
            w.stat().st_mtime <= candidate.stat().st_mtime for w in warcs
        ):
            index = candidate
        else:
            lines, errors = index_lines(warcs, dir_root=directory)
            return [Capture.parse(line) for line in lines], directory, errors
    with open(index, encoding="utf-8") as fh:
        return [Capture.parse(line) for line in fh if line.strip()], index.parent, []


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
