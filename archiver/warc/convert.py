"""ARC to WARC: ARC v1 files rewritten as gzip WARC files, for tools that read only WARC."""

from __future__ import annotations

import os
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.warcwriter import WARCWriter

from archiver.warc.reader import WarcReadError, arc_record_id, iter_records


def warc_name(arc: str | os.PathLike[str]) -> str:
    """``crawl-1.arc.gz`` -> ``crawl-1.warc.gz``: the name of an ARC file's WARC."""
    name = os.path.basename(arc)
    stem = name.removesuffix(".gz").removesuffix(".arc")
    return f"{stem}.warc.gz"


def arc_to_warc(arc: str | os.PathLike[str], directory: str | os.PathLike[str]) -> Path:
    """Write ARC file ``arc`` as a per-record gzip WARC file in ``directory``; its path.

    Records are converted by warcio (arc2warc, as `warcio recompress` does), each keeping the
    record ID a reparse of the ARC file gives it, so items point at the same record in both.
    The ARC file is read through first: damage raises WarcReadError (file and offset).
    """
    offsets = [r.offset for r in iter_records(arc)]
    target = Path(directory) / warc_name(arc)
    with open(arc, "rb") as fh, open(target, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        records = ArchiveIterator(fh, arc2warc=True)
        for offset, rec in zip(offsets, records, strict=False):
            rec.rec_headers.replace_header("WARC-Record-ID", arc_record_id(arc, offset))
            writer.write_record(rec)
    if not offsets:
        raise WarcReadError(arc, 0, "no record")
    return target
