"""WarcWriter: writes request/response pairs with warcio, names, rotates and closes files."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import logging
import os
import socket
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from urllib.parse import urlsplit

from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date
from warcio.warcwriter import WARCWriter

from archiver.items import WarcRef

logger = logging.getLogger(__name__)

OPEN_SUFFIX = ".open"
WARC_VERSION = "WARC/1.1"


@dataclass
class Exchange:
    """One HTTP exchange as the downloader saw it: bytes before any content decoding."""

    url: str
    method: str = "GET"
    request_headers: list[tuple[str, str]] = field(default_factory=list)
    request_body: bytes = b""
    status: int = 200
    reason: str = ""
    protocol: str = "HTTP/1.1"
    response_headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    """Response body after transfer decoding (Twisted removes chunking), still content-encoded."""
    ip_address: str | None = None
    date: datetime = field(default_factory=lambda: datetime.now(UTC))
    truncated: str | None = None
    """WARC-Truncated reason ("length", "time", "disconnect") when the body is incomplete."""


@dataclass
class Rendered:
    """A page as a headless browser rendered it: the exchanges it made and the DOM it built."""

    document: Exchange
    """The page's own exchange (the last main-frame navigation)."""
    dom: bytes
    """The rendered DOM, serialised as HTML."""
    dom_type: str
    """Its content type ("text/html; charset=utf-8")."""
    resources: list[Exchange] = field(default_factory=list)
    """Every other exchange of the page: redirects to it, scripts, XHR/fetch, stylesheets."""


@dataclass
class Previous:
    """The archived response a new fetch may duplicate: what a revisit record refers to."""

    payload_digest: str
    """WARC-Payload-Digest of the original response record ("sha1:...")."""
    record_id: str
    """WARC-Record-ID of the original response record."""
    target_uri: str
    """WARC-Target-URI of the original response record."""
    date: str
    """WARC-Date of the original response record."""


@dataclass(frozen=True)
class Written:
    """What :meth:`WarcWriter.write_exchange` wrote for one exchange's response."""

    ref: WarcRef
    """File name and WARC-Record-ID of the response (or revisit) record."""
    payload_digest: str
    """WARC-Payload-Digest of the response ("sha1:..."), the same for a revisit."""
    date: str
    """WARC-Date of the records, as written ("2017-05-31T01:38:00.123456Z")."""
    revisit: bool = False
    """Whether the response was written as a revisit of the ``Previous`` given."""


class WarcDiskFullError(OSError):
    """The disk (or quota, or file size limit) is full: the record was not written."""


#: errno values that mean "no room to write", as opposed to a broken file or directory.
DISK_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


def complete_length(path: str | os.PathLike[str]) -> int:
    """Length of the prefix of a gzip WARC file made of whole gzip members.

    The writer puts each record in its own gzip member, so a file cut by a crash is readable
    up to the end of its last complete member; a partial or corrupt member ends the prefix.
    """
    good = pos = 0
    d = zlib.decompressobj(zlib.MAX_WBITS | 16)
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            data = chunk
            while data:
                try:
                    d.decompress(data, 1 << 16)  # output is not needed, only member ends
                except zlib.error:
                    return good
                if d.eof:
                    rest = d.unused_data
                    pos += len(data) - len(rest)
                    good, data = pos, rest
                    d = zlib.decompressobj(zlib.MAX_WBITS | 16)
                else:
                    tail = d.unconsumed_tail
                    pos += len(data) - len(tail)
                    data = tail
    return good


def recover_open_files(directory: str | os.PathLike[str]) -> list[Path]:
    """Repair and close the ``.open`` WARC files a dead process left in ``directory``.

    A file whose writer is alive is locked (flock) and left alone. Each orphan is truncated to
    its last whole record and renamed without ``.open``; one without any whole record is
    removed. Returns the repaired files' final paths.
    """
    repaired: list[Path] = []
    for open_path in sorted(Path(directory).glob(f"*.warc.gz{OPEN_SUFFIX}")):
        try:
            fh = open(open_path, "r+b")  # noqa: SIM115 (closed below)
        except FileNotFoundError:
            continue  # closed by its writer meanwhile
        with fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # a live writer holds it
            size = os.fstat(fh.fileno()).st_size
            good = complete_length(open_path)
            final = open_path.with_name(open_path.name[: -len(OPEN_SUFFIX)])
            if good == 0:
                open_path.unlink()
                logger.warning("Removed WARC file %s: no whole record in it", open_path)
                continue
            if good < size:
                fh.truncate(good)
                os.fsync(fh.fileno())
            os.replace(open_path, final)
        logger.warning(
            "Recovered WARC file %s left open by an interrupted run (%d of %d bytes kept)",
            final,
            good,
            size,
        )
        repaired.append(final)
    return repaired


def _chunked(body: bytes) -> bytes:
    # Twisted hands us the de-chunked body; when the server sent Transfer-Encoding: chunked we
    # keep that header, so the stored payload must be valid chunked encoding again: one chunk.
    return (f"{len(body):x}\r\n".encode() + body + b"\r\n" if body else b"") + b"0\r\n\r\n"


def _warc_date(when: datetime) -> str:
    return datetime_to_iso_date(when.astimezone(UTC).replace(tzinfo=None), True)


def _has_header(headers: Iterable[tuple[str, str]], name: str, value: str | None = None) -> bool:
    name = name.lower()
    for k, v in headers:
        if k.lower() == name and (value is None or value.lower() in v.lower()):
            return True
    return False


class WarcWriter:
    """Appends exchanges to gzip WARC 1.1 files named as WARC 1.1 Annex C suggests.

    A file is written as ``NAME.warc.gz.open`` and renamed to ``NAME.warc.gz`` when closed, so
    a reader can tell a finished file from one still being written (or left by a crash). Every
    record is its own gzip member and is flushed to the OS as soon as it is written. The open
    file is flock-ed; on construction, ``.open`` files of dead writers in the same directory
    are repaired (see ``recover_open_files``). A new writer always starts a new file: files
    are never appended to once closed.
    """

    def __init__(
        self,
        directory: str | os.PathLike[str],
        *,
        prefix: str = "archiver",
        max_size: int = 1024**3,
        warcinfo: Mapping[str, str] | None = None,
        hostname: str | None = None,
        recover: bool = True,
    ) -> None:
        if max_size <= 0:
            raise ValueError(f"max_size must be positive, got {max_size}")
        self.directory = Path(directory)
        self.prefix = prefix
        self.max_size = max_size
        self.hostname = hostname or socket.gethostname()
        self.warcinfo = dict(warcinfo or {})
        self.serial = 0
        #: Records written, by WARC-Type (warcinfo included): what `scrapy demo` reports.
        self.records: Counter[str] = Counter()
        self.files_closed: list[Path] = []
        self._fh = None
        self._writer: WARCWriter | None = None
        self._path: Path | None = None
        self.recovered: list[Path] = []
        if recover and self.directory.is_dir():
            self.recovered = recover_open_files(self.directory)

    # -- files -------------------------------------------------------------------------------
    @property
    def current_path(self) -> Path | None:
        """Final path (without ``.open``) of the file being written, if any."""
        return self._path

    def _new_filename(self) -> str:
        stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S%f")[:17]
        host = self.hostname.replace("-", "_") or "localhost"
        return f"{self.prefix}-{stamp}-{self.serial:05d}-{host}.warc.gz"

    def _open(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        while True:
            path = self.directory / self._new_filename()
            if not path.exists() and not Path(f"{path}{OPEN_SUFFIX}").exists():
                break
            self.serial += 1
        self._path = path
        # "xb": never clobber another process's file of the same name.
        self._fh = open(f"{path}{OPEN_SUFFIX}", "xb")  # noqa: SIM115 (closed in close())
        # Tells recover_open_files in other processes that this file is alive.
        fcntl.flock(self._fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        self._writer = WARCWriter(self._fh, gzip=True, warc_version=WARC_VERSION)
        info = {"software": "news-archiver", "format": "WARC File Format 1.1"}
        info |= {"hostname": self.hostname} | self.warcinfo
        record = self._writer.create_warcinfo_record(path.name, info)
        self._put(self._writer, record)
        logger.info("Opened WARC file %s", self._fh.name)

    def close(self) -> Path | None:
        """Close the current file and drop its ``.open`` suffix; returns the final path."""
        if self._fh is None:
            return None
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._fh.close()
        assert self._path is not None
        os.replace(f"{self._path}{OPEN_SUFFIX}", self._path)
        done, self._fh, self._writer, self._path = self._path, None, None, None
        self.files_closed.append(done)
        self.serial += 1
        logger.info("Closed WARC file %s", done)
        return done

    def _abandon(self, keep: int) -> None:
        # After a failed write the buffered file is in an unknown state: drop it, cut the file
        # back to its last whole record and close it, so what was written stays readable.
        assert self._fh is not None and self._path is not None
        open_path = f"{self._path}{OPEN_SUFFIX}"
        with contextlib.suppress(OSError):  # the buffer could not be flushed: it is cut below
            self._fh.close()
        if keep == 0:  # not even the warcinfo record: no file rather than an empty one
            os.unlink(open_path)
            logger.error("Removed WARC file %s: its first record could not be written", open_path)
        else:
            os.truncate(open_path, keep)
            os.replace(open_path, self._path)
            self.files_closed.append(self._path)
            logger.error(
                "Closed WARC file %s after a failed write (%d bytes kept)", self._path, keep
            )
        self._fh, self._writer, self._path = None, None, None
        self.serial += 1

    # -- records -----------------------------------------------------------------------------
    def _put(self, writer: WARCWriter, record: ArcWarcRecord) -> None:
        writer.write_record(record)
        self.records[record.rec_type] += 1

    def write_exchange(self, ex: Exchange, previous: Previous | None = None) -> Written:
        """Write the request and response records of one exchange; returns what it wrote.

        With ``previous``, a response whose payload digest equals the previous one is written
        as a ``revisit`` record (profile identical-payload-digest) referring to it, without
        the payload. Raises ``WarcDiskFullError`` when there is no room: the file is then cut
        back to its last whole record and closed.
        """
        return self._write_group(lambda: self._write_exchange(ex, previous))

    def write_rendered(self, page: Rendered) -> Written:
        """Write a rendered page, all in one file: the document's request and response, the
        rendered DOM as a ``conversion`` record referring to that response (WARC 1.1 6.7), then
        the other exchanges of the page. The ``Written`` is the conversion's (what an item is
        extracted from), with its own payload digest: the DOM, not the shell, says whether
        the page changed. Raises ``WarcDiskFullError`` as :meth:`write_exchange` does."""
        return self._write_group(lambda: self._write_rendered(page))

    def _write_group(self, write: Callable[[], Written]) -> Written:
        # Records of one call stay in one file: rotation waits until the group is written.
        if self._writer is None:
            try:
                self._open()
            except OSError as exc:
                if self._fh is not None:
                    self._abandon(0)
                if exc.errno in DISK_FULL_ERRNOS:
                    raise WarcDiskFullError(exc.errno, f"cannot open a WARC file: {exc}") from exc
                raise
        start = self._fh.tell() if self._fh is not None else 0
        counted = self.records.copy()
        try:
            written = write()
        except OSError as exc:
            self.records = counted  # the file is cut back to before the group
            if self._fh is not None:
                self._abandon(start)
            if exc.errno in DISK_FULL_ERRNOS:
                raise WarcDiskFullError(exc.errno, f"cannot write WARC record: {exc}") from exc
            raise
        if self._fh is not None and self._fh.tell() >= self.max_size:
            self.close()
        return written

    def _write_rendered(self, page: Rendered) -> Written:
        writer, path = self._writer, self._path
        assert writer is not None and path is not None
        document = self._write_exchange(page.document, None)
        dom = writer.create_warc_record(
            page.document.url,
            "conversion",
            payload=BytesIO(page.dom),
            length=len(page.dom),
            warc_content_type=page.dom_type,
            warc_headers_dict={
                "WARC-Date": _warc_date(datetime.now(UTC)),
                "WARC-Refers-To": document.ref.record_id,
            },
        )
        self._put(writer, dom)
        for exchange in page.resources:
            self._write_exchange(exchange, None)
        digest = dom.rec_headers.get_header("WARC-Payload-Digest") or dom.rec_headers.get_header(
            "WARC-Block-Digest"
        )
        ref = WarcRef(filename=path.name, record_id=dom.rec_headers.get_header("WARC-Record-ID"))
        return Written(ref=ref, payload_digest=digest, date=document.date)

    def _write_exchange(self, ex: Exchange, previous: Previous | None) -> Written:
        writer, path = self._writer, self._path
        assert writer is not None and path is not None

        warc_date = _warc_date(ex.date)
        resp_headers = {"WARC-Date": warc_date}
        if ex.ip_address:
            resp_headers["WARC-IP-Address"] = ex.ip_address
        if ex.truncated:
            resp_headers["WARC-Truncated"] = ex.truncated
        status = StatusAndHeaders(
            f"{ex.status} {ex.reason}".rstrip(" ") if ex.reason else str(ex.status),
            ex.response_headers,
            protocol=ex.protocol,
        )
        payload = ex.body
        if _has_header(ex.response_headers, "Transfer-Encoding", "chunked"):
            payload = _chunked(payload)
        response = writer.create_warc_record(
            ex.url,
            "response",
            payload=BytesIO(payload),
            length=len(payload),
            warc_headers_dict=resp_headers,
            http_headers=status,
        )
        digest = response.rec_headers.get_header("WARC-Payload-Digest")
        revisit = previous is not None and digest == previous.payload_digest
        if revisit:
            assert previous is not None
            # Same bytes as an archived response: keep the headers, refer to the payload.
            response = writer.create_revisit_record(
                ex.url,
                digest,
                previous.target_uri,
                previous.date,
                http_headers=status,
                warc_headers_dict=resp_headers | {"WARC-Refers-To": previous.record_id},
            )
        response_id = response.rec_headers.get_header("WARC-Record-ID")

        parts = urlsplit(ex.url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        req_headers = list(ex.request_headers)
        if not _has_header(req_headers, "Host"):
            # The HTTP client adds Host on the wire; the record shows what was sent.
            req_headers.insert(0, ("Host", parts.netloc))
        request = writer.create_warc_record(
            ex.url,
            "request",
            payload=BytesIO(ex.request_body),
            length=len(ex.request_body),
            warc_headers_dict={"WARC-Date": warc_date, "WARC-Concurrent-To": response_id},
            http_headers=StatusAndHeaders(
                f"{ex.method} {target} {ex.protocol}", req_headers, is_http_request=True
            ),
        )
        self._put(writer, request)
        self._put(writer, response)
        ref = WarcRef(filename=path.name, record_id=response_id)
        return Written(ref=ref, payload_digest=digest, date=warc_date, revisit=revisit)
