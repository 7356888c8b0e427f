"""WarcWriter: records, links, digests, repeated headers, chunking, rotation and .open files."""

from __future__ import annotations

import gzip
import subprocess
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from archiver.warc.writer import OPEN_SUFFIX, Exchange, WarcWriter
from tests.conftest import BIN


def read_records(path: Path) -> list:
    out = []
    with open(path, "rb") as fh:
        for rec in ArchiveIterator(fh, check_digests="raise"):
            out.append((rec, rec.content_stream().read()))
    return out


def exchange(n: int = 0, **kw) -> Exchange:
    base = dict(
        url=f"http://example.com/news/{n}?x=1",
        request_headers=[("User-Agent", "test-agent"), ("Accept", "*/*")],
        status=200,
        reason="OK",
        response_headers=[
            ("Content-Type", "text/html; charset=utf-8"),
            ("Set-Cookie", "a=1; Path=/"),
            ("Set-Cookie", "b=2; Path=/"),
        ],
        body=f"<html><body><p>article {n}</p></body></html>".encode(),
        ip_address="127.0.0.1",
    )
    return Exchange(**(base | kw))


def test_records_linked_with_real_status_and_every_header(tmp_path: Path) -> None:
    w = WarcWriter(tmp_path, prefix="t", warcinfo={"operator": "Jane Archivist"})
    ref = w.write_exchange(exchange(reason="Okey Dokey"))
    final = w.close()
    assert final is not None and final.name == ref.filename
    records = read_records(final)
    types = [r.rec_type for r, _ in records]
    assert types == ["warcinfo", "request", "response"]
    info, req, resp = (r for r, _ in records)
    info_body = records[0][1].decode()
    assert "operator: Jane Archivist" in info_body and "format: WARC File Format 1.1" in info_body
    assert resp.rec_headers.get_header("WARC-Record-ID") == ref.record_id
    assert req.rec_headers.get_header("WARC-Concurrent-To") == ref.record_id
    assert resp.rec_headers.get_header("WARC-IP-Address") == "127.0.0.1"
    assert resp.rec_headers.get_header("WARC-Payload-Digest").startswith("sha1:")
    assert resp.rec_headers.get_header("WARC-Block-Digest").startswith("sha1:")
    assert resp.http_headers.statusline == "200 Okey Dokey"
    assert resp.http_headers.protocol == "HTTP/1.1"
    cookies = [v for k, v in resp.http_headers.headers if k == "Set-Cookie"]
    assert cookies == ["a=1; Path=/", "b=2; Path=/"]
    assert req.http_headers.protocol == "GET"
    assert req.http_headers.statusline == "/news/0?x=1 HTTP/1.1"
    assert req.http_headers.get_header("Host") == "example.com"
    assert records[2][1] == b"<html><body><p>article 0</p></body></html>"


def test_unknown_reason_is_left_empty_not_invented(tmp_path: Path) -> None:
    w = WarcWriter(tmp_path)
    w.write_exchange(exchange(status=299, reason=""))
    [_, _, (resp, _)] = read_records(w.close())
    assert resp.http_headers.statusline == "299"


def test_compressed_body_kept_as_sent(tmp_path: Path) -> None:
    raw = gzip.compress(b"<html>compressed</html>")
    w = WarcWriter(tmp_path)
    w.write_exchange(exchange(body=raw, response_headers=[("Content-Encoding", "gzip")]))
    [_, _, (resp, payload)] = read_records(w.close())
    # content_stream() decodes for readers; the raw record keeps the gzip bytes.
    assert payload == b"<html>compressed</html>"
    assert resp.http_headers.get_header("Content-Encoding") == "gzip"
    with open(w.files_closed[0], "rb") as fh:
        for rec in ArchiveIterator(fh):
            if rec.rec_type == "response":
                assert rec.raw_stream.read() == raw


def test_chunked_header_kept_and_payload_rechunked(tmp_path: Path) -> None:
    w = WarcWriter(tmp_path)
    body = b"x" * 700
    headers = [("Content-Type", "text/plain"), ("Transfer-Encoding", "chunked")]
    w.write_exchange(exchange(body=body, response_headers=headers))
    [_, _, (resp, payload)] = read_records(w.close())
    assert resp.http_headers.get_header("Transfer-Encoding") == "chunked"
    assert payload == body  # warcio de-chunks what we stored as one valid chunk


def test_open_suffix_until_closed_and_annex_c_name(tmp_path: Path) -> None:
    w = WarcWriter(tmp_path, prefix="demo", hostname="crawl-host")
    ref = w.write_exchange(exchange())
    [only] = list(tmp_path.iterdir())
    assert only.name == ref.filename + OPEN_SUFFIX
    # Prefix-Timestamp(17 digits)-Serial-Crawlhost.warc.gz
    prefix, stamp, serial, host = ref.filename.removesuffix(".warc.gz").split("-")
    assert (prefix, len(stamp), serial, host) == ("demo", 17, "00000", "crawl_host")
    w.close()
    assert [p.name for p in tmp_path.iterdir()] == [ref.filename]


def test_rotation_past_max_size(tmp_path: Path) -> None:
    w = WarcWriter(tmp_path, max_size=2000)
    refs = [w.write_exchange(exchange(n, body=bytes(range(256)) * 8)) for n in range(6)]
    w.close()
    files = sorted(tmp_path.iterdir())
    assert len(files) >= 3
    assert not any(p.name.endswith(OPEN_SUFFIX) for p in files)
    assert len({r.filename for r in refs}) == len(files)
    seen = []
    for f in files:
        recs = read_records(f)
        assert recs[0][0].rec_type == "warcinfo"  # every file starts with its own warcinfo
        seen += [r.rec_headers.get_header("WARC-Record-ID") for r, _ in recs]
    assert all(r.record_id in seen for r in refs)
    serials = [p.name.split("-")[2] for p in files]
    assert serials == sorted(serials) and len(set(serials)) == len(files)


def test_one_gzip_member_per_record_and_warcio_check(tmp_path: Path) -> None:
    w = WarcWriter(tmp_path)
    for n in range(3):
        w.write_exchange(exchange(n))
    path = w.close()
    data = path.read_bytes()
    assert data.count(b"\x1f\x8b\x08") == 7  # warcinfo + 3 * (request + response)
    result = subprocess.run([BIN / "warcio", "check", "-v", path], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("digest pass") == 7  # every record carries a digest


def test_bad_max_size_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="max_size"):
        WarcWriter(tmp_path, max_size=0)
