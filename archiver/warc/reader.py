"""WARC reading for the archivists' tools: records with offsets, clear errors, revisits."""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import ChunkedDataReader

#: File name endings of WARC files a directory argument expands to (not ``.open`` ones: those
#: are being written, or were left by a crash and need repair first).
WARC_SUFFIXES = (".warc", ".warc.gz")
HTML_TYPES = ("text/html", "application/xhtml+xml")


class WarcReadError(Exception):
    """A WARC file that cannot be read (further): says which file and at which byte offset."""

    def __init__(self, path: str | os.PathLike[str], offset: int | None, reason: str) -> None:
        self.path, self.offset, self.reason = str(path), offset, reason
        where = f"offset {offset}" if offset is not None else "cannot open"
        super().__init__(f"{self.path}: {where}: {reason}")


@dataclass
class ArchivedRecord:
    """One WARC record: where it is, its WARC and HTTP headers and, if read, its payload."""

    path: str
    offset: int
    rec_type: str
    url: str | None = None
    date: str | None = None
    """WARC-Date as written (``2017-05-31T01:38:00Z``, maybe with fractional seconds)."""
    record_id: str | None = None
    payload_digest: str | None = None
    refers_to: str | None = None
    """WARC-Refers-To of a revisit: the Record-ID of the original response, when given."""
    status: int | None = None
    reason: str = ""
    protocol: str = "HTTP/1.1"
    http_headers: list[tuple[str, str]] = field(default_factory=list)
    payload: bytes | None = None
    """HTTP body with the transfer coding removed, still content-encoded (gzip, br...)."""

    @property
    def filename(self) -> str:
        return os.path.basename(self.path)

    @property
    def fetched_at(self) -> str | None:
        """WARC-Date as an ISO 8601 UTC time to the second, like the crawl's ``fetched_at``."""
        try:
            dt = datetime.fromisoformat(self.date or "")
        except ValueError:
            return None  # a broken WARC-Date must not cost the record
        # WARC-Date is UTC by definition, even when a writer left out the "Z".
        dt = dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)
        return dt.isoformat(timespec="seconds")

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((v for k, v in self.http_headers if k.lower() == name), None)

    @property
    def is_html(self) -> bool:
        ctype = (self.header("Content-Type") or "").split(";")[0].strip().lower()
        return ctype in HTML_TYPES


def expand_paths(inputs: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Files as given (missing ones too: reading them reports the error); directories expanded."""
    out: list[Path] = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.name.endswith(WARC_SUFFIXES)))
        else:
            out.append(p)
    return out


def _check_magic(fh: BinaryIO, path: str) -> None:
    head = fh.read(512)
    fh.seek(0)
    if head[:2] == b"\x1f\x8b":
        try:
            head = zlib.decompressobj(wbits=31).decompress(head, 16)
        except zlib.error as exc:
            raise WarcReadError(path, 0, f"corrupt gzip header: {exc}") from exc
    # warcio would parse almost any text as an ARC record; only accept what is really one.
    if not head.startswith((b"WARC/", b"filedesc://")):
        got = head[:16].decode("latin-1") if head else "an empty file"
        raise WarcReadError(path, 0, f"not a WARC file (starts with {got!r})")


def _record(path: str, offset: int, rec) -> ArchivedRecord:  # rec: warcio ArcWarcRecord
    h = rec.rec_headers
    url = h.get_header("WARC-Target-URI")
    out = ArchivedRecord(
        path=path,
        offset=offset,
        rec_type=rec.rec_type,
        url=url.strip("<>") if url else None,
        date=h.get_header("WARC-Date"),
        record_id=h.get_header("WARC-Record-ID"),
        payload_digest=h.get_header("WARC-Payload-Digest"),
        refers_to=h.get_header("WARC-Refers-To"),
    )
    sh = rec.http_headers
    if sh is not None and sh.statusline and rec.rec_type in ("response", "revisit"):
        code = sh.get_statuscode()
        out.status = int(code) if code and code.isdigit() else None
        out.reason = sh.statusline.partition(" ")[2]
        out.protocol = sh.protocol or "HTTP/1.1"
        out.http_headers = list(sh.headers)
    return out


def _read_payload(rec) -> bytes:
    te = rec.http_headers.get_header("Transfer-Encoding") if rec.http_headers else None
    if te and "chunked" in te.lower():
        # Undo chunking only; the content coding is left for the caller (Scrapy's
        # HttpCompressionMiddleware in reparse, decode_body() in replay).
        return ChunkedDataReader(rec.raw_stream).read()
    return rec.raw_stream.read()


def _check_complete(rec, offset: int, path: str) -> None:
    missing = getattr(rec.raw_stream, "limit", 0)
    if missing:
        length = rec.rec_headers.get_header("Content-Length")
        raise WarcReadError(
            path, offset, f"truncated record ({missing} of {length} block bytes missing)"
        )


def iter_records(
    path: str | os.PathLike[str], *, payloads: bool = False
) -> Iterator[ArchivedRecord]:
    """Every record of a WARC file (gzip or plain), in order, each with its byte offset.

    A record is yielded only once it was read to its end, so a truncated or corrupt record
    raises :class:`WarcReadError` (file and offset) instead of being yielded half.
    """
    path = str(path)
    try:
        fh = open(path, "rb")  # noqa: SIM115 (closed below; the generator may stop early)
    except OSError as exc:
        raise WarcReadError(path, None, exc.strerror or str(exc)) from exc
    with fh:
        _check_magic(fh, path)
        it = ArchiveIterator(fh)
        records = iter(it)
        offset = 0
        while True:
            try:
                rec = next(records)
            except StopIteration:
                # warcio stops quietly at a gzip member cut short: bytes left over are damage.
                size = os.fstat(fh.fileno()).st_size
                if offset < size:
                    raise WarcReadError(
                        path, offset, f"truncated: the last {size - offset} bytes are no record"
                    ) from None
                return
            except Exception as exc:
                raise WarcReadError(path, offset, f"cannot read record: {exc!r}") from exc
            # Not it.get_record_offset(): it reads the record to its end, payload and all.
            try:
                out = _record(path, offset, rec)
                if payloads and out.status is not None:
                    out.payload = _read_payload(rec)
                it.read_to_end(rec)
                _check_complete(rec, offset, path)
            except WarcReadError:
                raise
            except Exception as exc:
                raise WarcReadError(path, offset, f"cannot read record: {exc!r}") from exc
            # it.offset: where the next record starts, past this one's trailing CRLFs.
            next_offset = it.offset
            yield out
            offset = next_offset


def read_record(path: str | os.PathLike[str], offset: int) -> ArchivedRecord:
    """The record at ``offset`` of a WARC file, with its payload (offsets from a CDXJ index)."""
    path = str(path)
    try:
        fh = open(path, "rb")  # noqa: SIM115
    except OSError as exc:
        raise WarcReadError(path, None, exc.strerror or str(exc)) from exc
    with fh:
        fh.seek(offset)
        it = ArchiveIterator(fh)
        try:
            rec = next(iter(it))
            out = _record(path, offset, rec)
            if out.status is not None:
                out.payload = _read_payload(rec)
            it.read_to_end(rec)
        except StopIteration:
            raise WarcReadError(path, offset, "no record at this offset") from None
        except Exception as exc:
            raise WarcReadError(path, offset, f"cannot read record: {exc!r}") from exc
        _check_complete(rec, offset, path)
        return out


def merge_revisit(revisit: ArchivedRecord, original: ArchivedRecord) -> ArchivedRecord:
    """The response a revisit stands for: the original's HTTP message at the revisit's time.

    The revisit's own HTTP headers may describe a 304 or a re-encoded answer; the payload is
    the original's, so its status and headers (Content-Encoding above all) must come with it.
    """
    return replace(
        original,
        path=revisit.path,
        offset=revisit.offset,
        rec_type="revisit",
        url=revisit.url or original.url,
        date=revisit.date,
        record_id=revisit.record_id,
    )


class RevisitIndex:
    """Where the response records are, by Record-ID and payload digest, to resolve revisits."""

    def __init__(self) -> None:
        self.by_id: dict[str, tuple[str, int]] = {}
        self.by_url_digest: dict[tuple[str, str], tuple[str, int]] = {}
        self.by_digest: dict[str, tuple[str, int]] = {}

    def add(self, rec: ArchivedRecord) -> None:
        if rec.rec_type != "response":
            return
        loc = (rec.path, rec.offset)
        if rec.record_id:
            self.by_id[rec.record_id] = loc
        if rec.payload_digest:
            self.by_digest.setdefault(rec.payload_digest, loc)
            if rec.url:
                self.by_url_digest.setdefault((rec.url, rec.payload_digest), loc)

    def find(self, revisit: ArchivedRecord) -> tuple[str, int] | None:
        if revisit.refers_to and revisit.refers_to in self.by_id:
            return self.by_id[revisit.refers_to]
        if not revisit.payload_digest:
            return None
        # Same URL first; deduplicating crawlers (Heritrix) also point revisits at other URLs
        # with the same payload, so a bare digest match is the fallback.
        return self.by_url_digest.get(
            (revisit.url or "", revisit.payload_digest)
        ) or self.by_digest.get(revisit.payload_digest)


def _gunzip(data: bytes) -> bytes:
    out = []
    while data:  # concatenated gzip members are one body (RFC 1952)
        d = zlib.decompressobj(wbits=31)
        out.append(d.decompress(data))
        data = d.unused_data
    return b"".join(out)


def _inflate(data: bytes) -> bytes:
    try:
        return zlib.decompress(data)
    except zlib.error:
        # Servers send raw deflate as often as the zlib format the RFC means; Scrapy takes both.
        return zlib.decompress(data, -15)


def _unbrotli(data: bytes) -> bytes:
    import brotli  # Scrapy's own br dependency; warcio's br support expects brotlipy's API

    return brotli.decompress(data)


DECODERS = {"gzip": _gunzip, "x-gzip": _gunzip, "deflate": _inflate, "br": _unbrotli}


def decode_body(body: bytes, content_encoding: str | None) -> bytes:
    """Undo Content-Encoding (gzip, deflate, br; stacked codings last first)."""
    codings = [c.strip().lower() for c in (content_encoding or "").split(",") if c.strip()]
    for coding in reversed(codings):
        if coding == "identity":
            continue
        if coding not in DECODERS:
            raise ValueError(f"unsupported Content-Encoding {coding!r}")
        body = DECODERS[coding](body)
    return body
