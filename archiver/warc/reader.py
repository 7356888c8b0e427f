"""WARC and ARC reading for the archivists' tools: records with offsets, clear errors, revisits."""

from __future__ import annotations

import io
import os
import re
import uuid
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import ChunkedDataReader

#: File name endings of WARC files a directory argument expands to (not ``.open`` ones: those
#: are being written, or were left by a crash and need repair first).
WARC_SUFFIXES = (".warc", ".warc.gz")
#: ARC (version 1) files, the Internet Archive's and Heritrix's format before WARC.
ARC_SUFFIXES = (".arc", ".arc.gz")
ARCHIVE_SUFFIXES = WARC_SUFFIXES + ARC_SUFFIXES
HTML_TYPES = ("text/html", "application/xhtml+xml")
#: A first record longer than this is not read to tell a whole-file gzip from a per-record one.
MAX_FIRST_RECORD = 64 << 20
#: A warcinfo record is a few lines; more is not read as fields.
MAX_WARCINFO = 1 << 20
#: Record types whose whole block is the payload (no HTTP message around it).
BLOCK_RECORDS = ("conversion", "resource")
#: Headers of a rendered page's response that describe its body, not the DOM that stands for
#: it in a reparse (the conversion record's own Content-Type replaces them).
BODY_HEADERS = ("content-encoding", "transfer-encoding", "content-length", "content-type")
#: The record types of WARC 1.1 (ISO 28500:2017, section 6).
WARC_TYPES = frozenset(
    {
        "warcinfo",
        "response",
        "resource",
        "request",
        "metadata",
        "revisit",
        "conversion",
        "continuation",
    }
)
#: Namespace of the record IDs given to ARC records, which have none of their own.
ARC_RECORD_NS = uuid.UUID("5b0c4a0e-8a43-4c1e-9d0a-3f5e0a7c2b11")


#: How far past damage the reader looks for the next record, per read.
_SCAN_CHUNK = 1 << 20
#: Bytes of a candidate record decompressed (or read) to tell whether a record starts there.
_PROBE_BYTES = 4096
#: Bytes of a damaged record read again to name the cause.
_MAX_DIAGNOSED = 1 << 20
#: Characters of a bad header line or library message shown in a damage line.
_MAX_SHOWN = 60
_GZIP_MAGIC = b"\x1f\x8b\x08"
_WARC_HEADER_RE = re.compile(rb"WARC/1\.[01]\r?\n")


class _Iterator(ArchiveIterator):
    # warcio prints "Record not followed by newline" to stderr without the file; it still
    # counts it in err_count, and WarcReadError reports it with the file and the offset.
    INC_RECORD = ""


@dataclass(frozen=True)
class ArchiveFormat:
    """How an archive file is laid out: what its offsets mean and how to seek to a record."""

    arc: bool = False
    """ARC (v1) rather than WARC: records are read as WARC by warcio's arc2warc."""
    whole_gzip: bool = False
    """Gzipped as one whole file rather than record by record: offsets are positions in the
    decompressed file (no tool can seek to a record in the compressed one)."""

    @property
    def name(self) -> str:
        return "ARC" if self.arc else "WARC"


class WarcReadError(Exception):
    """A WARC file that cannot be read (further): says which file and at which byte offset."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        offset: int | None,
        reason: str,
        *,
        decompressed: bool = False,
        length: int | None = None,
        resumed_at: int | None = None,
    ) -> None:
        self.path, self.offset, self.reason = str(path), offset, reason
        self.decompressed = decompressed
        #: Bytes from ``offset`` that hold no readable record (None: not known).
        self.length = length
        #: Where reading went on, at the next intact record; None when nothing was left.
        self.resumed_at = resumed_at
        where = f"offset {offset}" if offset is not None else "cannot open"
        if decompressed and offset is not None:
            where += " of the decompressed file (gzipped as a whole, not record by record)"
        if length is not None:
            where += f", {length} bytes"
        message = f"{self.path}: {where}: {reason}"
        if length is not None:
            message += (
                f"; skipped, read on from offset {resumed_at}"
                if resumed_at is not None
                else "; skipped, no record after it"
            )
        super().__init__(message)

    def skipped(self, length: int, resumed_at: int | None) -> WarcReadError:
        """The same damage, once the reader knows how far it reaches."""
        return WarcReadError(
            self.path,
            self.offset,
            self.reason,
            decompressed=self.decompressed,
            length=length,
            resumed_at=resumed_at,
        )


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
    """WARC-Refers-To of a revisit (the original response) or a conversion (the response it
    was made from): a Record-ID, when given."""
    truncated: str | None = None
    """WARC-Truncated: why the writer stored less than the whole block ("length", "time",
    "disconnect", "unspecified"), None for a whole record."""
    block_type: str | None = None
    """The record's own (WARC) Content-Type: ``text/html; charset=utf-8`` for a conversion
    record of a rendered DOM, ``application/http; msgtype=response`` for a response."""
    status: int | None = None
    reason: str = ""
    protocol: str = "HTTP/1.1"
    http_headers: list[tuple[str, str]] = field(default_factory=list)
    payload: bytes | None = None
    """HTTP body with the transfer coding removed, still content-encoded (gzip, br...)."""
    fmt: ArchiveFormat = ArchiveFormat()
    """The layout of the file the record is in (ARC, gzipped as a whole)."""
    info: dict[str, str] = field(default_factory=dict)
    """The fields of a warcinfo record (``software``, ``operator``...; first value of each)."""

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
        return is_html_type(self.header("Content-Type") or "")


def is_html_type(content_type: str) -> bool:
    """Whether a Content-Type value ("text/html; charset=utf-8") names an HTML document."""
    return content_type.split(";")[0].strip().lower() in HTML_TYPES


def expand_paths(inputs: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Files as given (missing ones too: reading them reports the error); directories expanded."""
    out: list[Path] = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.name.endswith(ARCHIVE_SUFFIXES)))
        else:
            out.append(p)
    return out


def _check_magic(fh: BinaryIO, path: str) -> tuple[bool, bool]:
    """(gzip, ARC) of a file that starts as a WARC or ARC file; WarcReadError otherwise."""
    head = fh.read(512)
    fh.seek(0)
    if not head:
        raise WarcReadError(path, 0, "not a WARC or ARC file: the file is empty")
    gz = head[:2] == b"\x1f\x8b"
    if gz:
        try:
            head = zlib.decompressobj(wbits=31).decompress(head, 16)
        except zlib.error:
            # A damaged first gzip member: the records after it may be whole. The reader
            # reports the damage and looks for them.
            return True, False
    # warcio would parse almost any text as an ARC record; only accept what is really one.
    if not head.startswith((b"WARC/", b"filedesc://")):
        kind = "gzip data" if gz else "data"
        raise WarcReadError(
            path, 0, f"not a WARC or ARC file: its {kind} start with {_shown(head[:16])}"
        )
    return gz, head.startswith(b"filedesc://")


def _shown(data: bytes) -> str:
    """Bytes as a person reads them in a message: text quoted, other bytes as hex."""
    text = data.decode("latin-1")
    if text.isprintable():
        return repr(text)
    return f"the bytes {data.hex(' ')}"


def _first_record_end(head: bytes) -> int | None:
    """Where the first record of a decompressed WARC or ARC file ends, once its header is in."""
    if head.startswith(b"WARC/"):
        split = head.find(b"\r\n\r\n")
        if split < 0:
            return None
        m = re.search(rb"(?im)^content-length:\s*(\d+)", head[:split])
        return split + 4 + int(m.group(1)) if m else None
    line_end = head.find(b"\n")  # ARC: "filedesc://... <length>" then the block
    if line_end < 0:
        return None
    length = head[:line_end].split()[-1:]
    return line_end + 1 + int(length[0]) if length and length[0].isdigit() else None


def _whole_gzip(fh: BinaryIO) -> bool:
    """Whether the first gzip member holds more than the first record (then all do: one).

    Only the first record is decompressed; damage is left for the record reader to report.
    """
    d = zlib.decompressobj(wbits=31)
    head, end = b"", None
    try:
        while not d.eof and len(head) < MAX_FIRST_RECORD:
            chunk = d.unconsumed_tail or fh.read(1 << 16)
            if not chunk:
                break
            head += d.decompress(chunk, 1 << 16)
            end = end if end is not None else _first_record_end(head)
            if end is not None and head[end:].strip():
                return True  # the next record is in the same gzip member
    except zlib.error:
        pass
    finally:
        fh.seek(0)
    return False


def archive_format(path: str | os.PathLike[str]) -> ArchiveFormat:
    """The layout of an archive file (WarcReadError if it is none, or cannot be opened)."""
    path = str(path)
    try:
        fh = open(path, "rb")  # noqa: SIM115 (closed below)
    except OSError as exc:
        raise WarcReadError(path, None, exc.strerror or str(exc)) from exc
    with fh:
        gz, arc = _check_magic(fh, path)
        return ArchiveFormat(arc=arc, whole_gzip=gz and _whole_gzip(fh))


class _Gunzip(io.RawIOBase):
    """A gzip file read as the plain file it compresses: decompressed offsets, seekable.

    Unlike GzipFile, a stream cut short or corrupt ends where the good bytes end (``damage``
    says why), so the records before the damage are read and the cut one is reported.
    """

    def __init__(self, path: str) -> None:
        self._fh = open(path, "rb")  # noqa: SIM115 (closed in close())
        self._rewind()

    def _rewind(self) -> None:
        self._fh.seek(0)
        self._d = zlib.decompressobj(wbits=31)
        self._pending = b""
        self._pos = 0
        self.damage: str | None = None

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if whence == io.SEEK_CUR:
            offset += self._pos
        elif whence != io.SEEK_SET:
            raise io.UnsupportedOperation("seek from the end of a gzip stream")
        if offset < self._pos:
            self._rewind()
        while self._pos < offset and self.read(min(offset - self._pos, 1 << 20)):
            pass
        return self._pos

    def readinto(self, b) -> int:  # type: ignore[no-untyped-def]
        while not self._pending and self.damage is None:
            chunk = self._d.unconsumed_tail or self._fh.read(1 << 16)
            if not chunk:
                if not self._d.eof:
                    self.damage = "the gzip stream is cut short"
                break
            try:
                self._pending = self._d.decompress(chunk, 1 << 20)
            except zlib.error as exc:
                self.damage = f"corrupt gzip data ({_zlib_words(exc)})"
                break
            if self._d.eof and self._d.unused_data:
                # Concatenated members are one stream (RFC 1952).
                rest = self._d.unused_data
                self._d = zlib.decompressobj(wbits=31)
                self._pending += self._d.decompress(rest, 1 << 20)
        n = min(len(b), len(self._pending))
        b[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        self._pos += n
        return n

    def close(self) -> None:
        self._fh.close()
        super().close()


def _open(path: str, fmt: ArchiveFormat) -> BinaryIO:
    try:
        if fmt.whole_gzip:
            return _Gunzip(path)  # type: ignore[return-value]
        return open(path, "rb")  # noqa: SIM115 (the callers close it)
    except OSError as exc:
        raise WarcReadError(path, None, exc.strerror or str(exc)) from exc


def arc_record_id(path: str | os.PathLike[str], offset: int) -> str:
    """The WARC-Record-ID of the ARC record at ``offset``: ARC records have none, and
    arc2warc makes up a random one at every read; an item must name the same record every
    time, so it is a name-based UUID of the file's name and the offset."""
    return f"<urn:uuid:{uuid.uuid5(ARC_RECORD_NS, f'{os.path.basename(path)}:{offset}')}>"


def _record(path: str, offset: int, rec, fmt: ArchiveFormat) -> ArchivedRecord:
    # rec: warcio ArcWarcRecord, ARC records already given WARC headers (arc2warc).
    h = rec.rec_headers
    url = h.get_header("WARC-Target-URI")
    record_id = h.get_header("WARC-Record-ID")
    if fmt.arc:
        record_id = arc_record_id(path, offset)
    out = ArchivedRecord(
        path=path,
        offset=offset,
        rec_type=rec.rec_type,
        url=url.strip("<>") if url else None,
        date=h.get_header("WARC-Date"),
        record_id=record_id,
        payload_digest=h.get_header("WARC-Payload-Digest"),
        refers_to=h.get_header("WARC-Refers-To"),
        block_type=h.get_header("Content-Type"),
        truncated=h.get_header("WARC-Truncated"),
        fmt=fmt,
    )
    if rec.rec_type == "warcinfo":
        out.info = _warc_fields(rec.raw_stream.read(MAX_WARCINFO))
    sh = rec.http_headers
    if sh is not None and sh.statusline and rec.rec_type in ("response", "revisit"):
        code = sh.get_statuscode()
        out.status = int(code) if code and code.isdigit() else None
        out.reason = sh.statusline.partition(" ")[2]
        out.protocol = sh.protocol or "HTTP/1.1"
        out.http_headers = list(sh.headers)
    return out


def _warc_fields(block: bytes) -> dict[str, str]:
    # application/warc-fields: "name: value" lines, as HTTP headers without a status line.
    fields: dict[str, str] = {}
    for line in block.decode("utf-8", "replace").splitlines():
        name, sep, value = line.partition(":")
        if sep and name.strip():
            fields.setdefault(name.strip(), value.strip())
    return fields


def _read_payload(rec) -> bytes:
    te = rec.http_headers.get_header("Transfer-Encoding") if rec.http_headers else None
    if te and "chunked" in te.lower():
        # Undo chunking only; the content coding is left for the caller (Scrapy's
        # HttpCompressionMiddleware in reparse, decode_body() in replay).
        return ChunkedDataReader(rec.raw_stream).read()
    return rec.raw_stream.read()


def _check_complete(
    rec, it: _Iterator, errors: int, offset: int, path: str, fmt: ArchiveFormat
) -> None:
    missing = getattr(rec.raw_stream, "limit", 0)
    length = rec.rec_headers.get_header("Content-Length")
    if rec.rec_type is None:
        # A file cut inside a record's header: warcio gives a record of no type and no length.
        raise WarcReadError(path, offset, "truncated record header", decompressed=fmt.whole_gzip)
    if missing:
        reason = f"truncated record ({missing} of {length} block bytes missing)"
        raise WarcReadError(path, offset, reason, decompressed=fmt.whole_gzip)
    if it.err_count > errors:
        # What follows the block is not the blank lines that end a record: the block is
        # longer than its Content-Length says, and the next record cannot be found.
        reason = f"record longer than its Content-Length ({length}): no blank line after it"
        raise WarcReadError(path, offset, reason, decompressed=fmt.whole_gzip)


def iter_records(
    path: str | os.PathLike[str],
    *,
    payloads: bool | Callable[[ArchivedRecord], bool] = False,
    on_damage: Callable[[WarcReadError], None] | None = None,
) -> Iterator[ArchivedRecord]:
    """Every record of a WARC or ARC file (gzip or plain), in order, each with its byte offset.

    ARC records come as WARC records (warcio's arc2warc). ``payloads``: read the HTTP body of
    every record, or of those the function says yes to (the record comes without it). A record
    is yielded only once it was read to its end, so a truncated or corrupt record is never
    yielded half. Damage raises :class:`WarcReadError` (file, offset, cause) unless
    ``on_damage`` is given: it is then called with the damage and how many bytes it spans,
    and reading goes on at the next intact record (the next gzip member that begins a record,
    or in a plain file the next ``WARC/1.`` line at a record boundary), as no other tool does.
    A file gzipped as a whole cannot be read past damage in its compressed stream.
    """
    path = str(path)
    fmt = archive_format(path)
    start: int | None = 0
    while start is not None:
        damage: WarcReadError | None = None
        try:
            yield from _records_from(path, fmt, start, payloads)
            return
        except WarcReadError as exc:
            damage = exc
        if on_damage is None:
            raise damage
        if fmt.whole_gzip or damage.offset is None:
            # One deflate stream: nothing after damage in it can be decompressed.
            on_damage(damage)
            return
        start = _resume_offset(path, fmt, damage.offset + 1)
        end = start if start is not None else os.path.getsize(path)
        on_damage(_explained(damage.skipped(end - damage.offset, start), fmt))


def _records_from(
    path: str,
    fmt: ArchiveFormat,
    start: int,
    payloads: bool | Callable[[ArchivedRecord], bool],
) -> Iterator[ArchivedRecord]:
    """The records from offset ``start`` to the end; WarcReadError at the first damage."""
    fh = _open(path, fmt)
    with fh:
        fh.seek(start)
        it = _Iterator(fh, arc2warc=True)
        records = iter(it)
        offset = start
        while True:
            errors = it.err_count
            try:
                rec = next(records)
            except StopIteration:
                if isinstance(fh, _Gunzip):
                    if fh.damage:
                        raise WarcReadError(path, offset, fh.damage, decompressed=True) from None
                    return
                # warcio stops quietly at a gzip member cut short: bytes left over are damage.
                size = os.fstat(fh.fileno()).st_size
                if offset < size:
                    raise WarcReadError(
                        path, offset, f"truncated: the last {size - offset} bytes are no record"
                    ) from None
                return
            except Exception as exc:
                raise WarcReadError(
                    path, offset, _unreadable(exc), decompressed=fmt.whole_gzip
                ) from exc
            # Not it.get_record_offset(): it reads the record to its end, payload and all.
            try:
                out = _record(path, offset, rec, fmt)
                has_payload = out.status is not None or out.rec_type in BLOCK_RECORDS
                if has_payload and (payloads is True or (payloads and payloads(out))):
                    out.payload = _read_payload(rec)
                it.read_to_end(rec)
                _check_complete(rec, it, errors, offset, path, fmt)
            except WarcReadError:
                raise
            except Exception as exc:
                raise WarcReadError(
                    path, offset, _unreadable(exc), decompressed=fmt.whole_gzip
                ) from exc
            # it.offset: where the next record starts, past this one's trailing CRLFs.
            next_offset = it.offset
            yield out
            offset = next_offset


def _unreadable(exc: Exception) -> str:
    """What a warcio or zlib failure says, in a line (the cause is named by _explained)."""
    if isinstance(exc, zlib.error):
        return f"corrupt gzip data ({_zlib_words(exc)})"
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    if "Unknown archive format" in text:
        return "no WARC or ARC record header here"
    return f"unreadable record ({text[:_MAX_SHOWN]})"


def _zlib_words(exc: zlib.error) -> str:
    """zlib's reason without its error number: "invalid distance too far back"."""
    return str(exc).rpartition(": ")[2] or str(exc)


def _resume_offset(path: str, fmt: ArchiveFormat, after: int) -> int | None:
    """Offset of the first intact record starting at or after ``after``: a gzip member whose
    data begin as a record header (gzip per record), or a ``WARC/1.`` line at the start of a
    line (plain WARC); None when there is none. Candidates are tested, not trusted: the same
    bytes turn up inside compressed data."""
    gz = _is_gzip(path)
    needle = _GZIP_MAGIC if gz else b"WARC/1."
    with open(path, "rb") as fh:
        pos = after
        while True:
            fh.seek(pos)
            chunk = fh.read(_SCAN_CHUNK + len(needle))
            if len(chunk) < len(needle):
                return None
            i = chunk.find(needle)
            while 0 <= i < _SCAN_CHUNK:
                if _starts_record(fh, pos + i, gz, fmt):
                    return pos + i
                i = chunk.find(needle, i + 1)
            pos += _SCAN_CHUNK


def _is_gzip(path: str) -> bool:
    with open(path, "rb") as fh:
        return fh.read(2) == b"\x1f\x8b"


def _starts_record(fh: BinaryIO, offset: int, gz: bool, fmt: ArchiveFormat) -> bool:
    if gz:
        fh.seek(offset)
        try:
            head = zlib.decompressobj(wbits=31).decompress(fh.read(_PROBE_BYTES), _PROBE_BYTES)
        except zlib.error:
            return False
        return _is_record_header(head, fmt)
    if offset > 0:
        fh.seek(offset - 1)
        if fh.read(1) != b"\n":
            return False  # not at the start of a line
    fh.seek(offset)
    return _is_record_header(fh.read(_PROBE_BYTES), fmt)


def _is_record_header(head: bytes, fmt: ArchiveFormat) -> bool:
    if _WARC_HEADER_RE.match(head):
        return True
    # ARC v1: "URL IP-address archive-date content-type length" on one line.
    fields = head.split(b"\n", 1)[0].split()
    return fmt.arc and len(fields) == 5 and fields[-1].isdigit() and b"://" in fields[0]


def _explained(damage: WarcReadError, fmt: ArchiveFormat) -> WarcReadError:
    """The damage with its cause in words where the bytes tell it (a corrupt gzip member, a
    header line that is no record's, a Content-Length that is no number)."""
    if fmt.whole_gzip or damage.offset is None or not damage.length:
        return damage
    with open(damage.path, "rb") as fh:
        fh.seek(damage.offset)
        data = fh.read(min(damage.length, _MAX_DIAGNOSED))
    cause = None
    if data[:2] == b"\x1f\x8b":
        d = zlib.decompressobj(wbits=31)
        try:
            data = d.decompress(data, _PROBE_BYTES)
        except zlib.error as exc:
            cause = f"corrupt gzip member ({_zlib_words(exc)})"
    if cause is None:
        cause = _header_cause(data, fmt)
    if cause is None:
        return damage
    return _with_reason(damage, cause)


def _header_cause(head: bytes, fmt: ArchiveFormat) -> str | None:
    """What is wrong with the record header at the start of ``head``, if anything shows."""
    first = head.split(b"\n", 1)[0].rstrip(b"\r")
    if not _is_record_header(head, fmt):
        return f"no record header: its first line reads {_shown(first[:_MAX_SHOWN])}"
    header = head.split(b"\r\n\r\n", 1)[0]
    m = re.search(rb"(?im)^content-length:[ \t]*([^\r\n]*)", header)
    if m is None and not fmt.arc:
        return "the record header has no Content-Length"
    if m is not None and not m.group(1).strip().isdigit():
        return f"the record's Content-Length is not a number ({_shown(m.group(1).strip())})"
    return None


def _with_reason(damage: WarcReadError, reason: str) -> WarcReadError:
    return WarcReadError(
        damage.path,
        damage.offset,
        reason,
        decompressed=damage.decompressed,
        length=damage.length,
        resumed_at=damage.resumed_at,
    )


def read_record(path: str | os.PathLike[str], offset: int) -> ArchivedRecord:
    """The record at ``offset`` of a WARC or ARC file, with its payload (offsets as
    :func:`iter_records` and a CDXJ index give them)."""
    path = str(path)
    fmt = archive_format(path)
    fh = _open(path, fmt)
    with fh:
        try:
            fh.seek(offset)
            it = _Iterator(fh, arc2warc=True)
            rec = next(iter(it))
            out = _record(path, offset, rec, fmt)
            if out.status is not None:
                out.payload = _read_payload(rec)
            it.read_to_end(rec)
            _check_complete(rec, it, 0, offset, path, fmt)
        except StopIteration:
            raise WarcReadError(path, offset, "no record at this offset") from None
        except WarcReadError:
            raise
        except Exception as exc:
            raise WarcReadError(
                path, offset, _unreadable(exc), decompressed=fmt.whole_gzip
            ) from exc
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


def rendered_page(page: ArchivedRecord, dom: ArchivedRecord) -> ArchivedRecord:
    """The response a rendered page stands for: the page's status and headers, the rendered
    DOM of its ``conversion`` record as the payload (its type the conversion's), and the
    conversion's place and Record-ID, which an item extracted from it points at."""
    headers = [(k, v) for k, v in page.http_headers if k.lower() not in BODY_HEADERS]
    headers.append(("Content-Type", dom.block_type or "text/html"))
    return replace(
        page,
        path=dom.path,
        offset=dom.offset,
        record_id=dom.record_id,
        http_headers=headers,
        payload=dom.payload,
    )


class RevisitIndex:
    """Where the response records are, by Record-ID and payload digest, to resolve revisits."""

    def __init__(self) -> None:
        self.by_id: dict[str, tuple[str, int]] = {}
        self.by_url_digest: dict[tuple[str, str], tuple[str, int]] = {}
        self.by_digest: dict[str, tuple[str, int]] = {}
        self.html: set[tuple[str, int]] = set()

    def add(self, rec: ArchivedRecord) -> None:
        if rec.rec_type != "response":
            return
        loc = (rec.path, rec.offset)
        if rec.is_html:
            self.html.add(loc)
        if rec.record_id:
            self.by_id[rec.record_id] = loc
        if rec.payload_digest:
            self.by_digest.setdefault(rec.payload_digest, loc)
            if rec.url:
                self.by_url_digest.setdefault((rec.url, rec.payload_digest), loc)

    def is_html(self, loc: tuple[str, int]) -> bool:
        """Whether the response at ``loc`` (as :meth:`find` gives it) is an HTML page."""
        return loc in self.html

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
