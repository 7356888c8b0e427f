"""WarcWriter: writes request/response pairs with warcio, names, rotates and closes files."""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from urllib.parse import urlsplit

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


def _chunked(body: bytes) -> bytes:
    # Twisted hands us the de-chunked body; when the server sent Transfer-Encoding: chunked we
    # keep that header, so the stored payload must be valid chunked encoding again: one chunk.
    return (f"{len(body):x}\r\n".encode() + body + b"\r\n" if body else b"") + b"0\r\n\r\n"


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
    record is its own gzip member and is flushed to the OS as soon as it is written.
    """

    def __init__(
        self,
        directory: str | os.PathLike[str],
        *,
        prefix: str = "archiver",
        max_size: int = 1024**3,
        warcinfo: Mapping[str, str] | None = None,
        hostname: str | None = None,
    ) -> None:
        if max_size <= 0:
            raise ValueError(f"max_size must be positive, got {max_size}")
        self.directory = Path(directory)
        self.prefix = prefix
        self.max_size = max_size
        self.hostname = hostname or socket.gethostname()
        self.warcinfo = dict(warcinfo or {})
        self.serial = 0
        self.records_written = 0
        self.files_closed: list[Path] = []
        self._fh = None
        self._writer: WARCWriter | None = None
        self._path: Path | None = None

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
        self._writer = WARCWriter(self._fh, gzip=True, warc_version=WARC_VERSION)
        info = {"software": "news-archiver", "format": "WARC File Format 1.1"}
        info |= {"hostname": self.hostname} | self.warcinfo
        record = self._writer.create_warcinfo_record(path.name, info)
        self._writer.write_record(record)
        self.records_written += 1
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

    # -- records -----------------------------------------------------------------------------
    def write_exchange(self, ex: Exchange) -> WarcRef:
        """Write the request and response records of one exchange; returns the response's ref."""
        if self._writer is None:
            self._open()
        writer, path = self._writer, self._path
        assert writer is not None and path is not None and self._fh is not None

        warc_date = datetime_to_iso_date(ex.date.astimezone(UTC).replace(tzinfo=None), True)
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
        writer.write_record(request)
        writer.write_record(response)
        self.records_written += 2
        if self._fh.tell() >= self.max_size:
            self.close()
        return WarcRef(filename=path.name, record_id=response_id)
