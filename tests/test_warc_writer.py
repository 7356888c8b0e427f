"""WarcWriter: records, links, digests, repeated headers, chunking, rotation and .open files."""

from __future__ import annotations

import gzip
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from archiver.warc.writer import OPEN_SUFFIX, Exchange, Rendered, WarcWriter
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
    ref = w.write_exchange(exchange(reason="Okey Dokey")).ref
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
    ref = w.write_exchange(exchange()).ref
    [only] = list(tmp_path.iterdir())
    assert only.name == ref.filename + OPEN_SUFFIX
    # Prefix-Timestamp(17 digits)-Serial-Crawlhost.warc.gz
    prefix, stamp, serial, host = ref.filename.removesuffix(".warc.gz").split("-")
    assert (prefix, len(stamp), serial, host) == ("demo", 17, "00000", "crawl_host")
    w.close()
    assert [p.name for p in tmp_path.iterdir()] == [ref.filename]


def test_rotation_past_max_size(tmp_path: Path) -> None:
    w = WarcWriter(tmp_path, max_size=2000)
    refs = [w.write_exchange(exchange(n, body=bytes(range(256)) * 8)).ref for n in range(6)]
    w.close()
    files = sorted(tmp_path.iterdir())
    assert len(files) >= 3
    assert not any(p.name.endswith(OPEN_SUFFIX) for p in files)
    assert len({r.filename for r in refs}) == len(files)
    seen, kinds = [], Counter()
    for f in files:
        recs = read_records(f)
        assert recs[0][0].rec_type == "warcinfo"  # every file starts with its own warcinfo
        seen += [r.rec_headers.get_header("WARC-Record-ID") for r, _ in recs]
        kinds.update(r.rec_type for r, _ in recs)
    assert w.records == kinds  # what `scrapy demo` says it wrote is what the files hold
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


# -- revisits, recovery, full disk ------------------------------------------------------------
def test_unchanged_payload_becomes_revisit_record(tmp_path: Path) -> None:
    from archiver.warc.writer import Previous

    w = WarcWriter(tmp_path, prefix="t")
    first = w.write_exchange(exchange(1))
    assert not first.revisit and first.payload_digest.startswith("sha1:")
    ref = first.ref
    prev = Previous(first.payload_digest, ref.record_id, exchange(1).url, first.date)
    written = w.write_exchange(exchange(1, reason="Still OK"), prev)
    assert written.revisit and written.payload_digest == first.payload_digest
    same = written.ref
    assert not w.write_exchange(exchange(1, body=b"<html>changed</html>"), prev).revisit
    recs = read_records(w.close())
    revisit, block = next((r, b) for r, b in recs if r.rec_type == "revisit")
    h = revisit.rec_headers
    assert h.get_header("WARC-Record-ID") == same.record_id
    assert h.get_header("WARC-Profile").endswith("/warc/1.1/revisit/identical-payload-digest")
    assert h.get_header("WARC-Refers-To") == ref.record_id
    assert h.get_header("WARC-Refers-To-Target-URI") == prev.target_uri
    assert h.get_header("WARC-Refers-To-Date") == prev.date
    assert h.get_header("WARC-Payload-Digest") == prev.payload_digest
    assert revisit.http_headers.get_statuscode() == "200" and block == b""
    assert [r.rec_type for r, _ in recs].count("response") == 2


def test_open_file_of_dead_writer_is_cut_to_last_record_and_closed(tmp_path: Path) -> None:
    w = WarcWriter(tmp_path, prefix="t")
    for n in range(3):
        w.write_exchange(exchange(n))
    whole = w.close()
    live = WarcWriter(tmp_path, prefix="live")
    live.write_exchange(exchange(9))  # alive and flock-ed: must be left alone
    live_path = Path(f"{live.current_path}{OPEN_SUFFIX}")
    data = whole.read_bytes()
    dead = tmp_path / f"dead.warc.gz{OPEN_SUFFIX}"
    dead.write_bytes(data[:-25])  # killed in the middle of the last record
    (tmp_path / f"empty.warc.gz{OPEN_SUFFIX}").write_bytes(data[:10])

    # What the next run's writer does when it starts on the same directory.
    recovered = WarcWriter(tmp_path, prefix="t").recovered
    assert recovered == [tmp_path / "dead.warc.gz"]
    assert not (tmp_path / f"empty.warc.gz{OPEN_SUFFIX}").exists()
    assert live_path.exists()
    recs = read_records(tmp_path / "dead.warc.gz")
    assert [r.rec_type for r, _ in recs] == ["warcinfo"] + ["request", "response"] * 2 + ["request"]
    assert subprocess.run([BIN / "warcio", "check", tmp_path / "dead.warc.gz"]).returncode == 0
    live.close()


def test_new_writer_never_appends_to_a_closed_file(tmp_path: Path) -> None:
    first = WarcWriter(tmp_path, prefix="t")
    first.write_exchange(exchange(1))
    closed = first.close()
    size = closed.stat().st_size
    second = WarcWriter(tmp_path, prefix="t")
    second.write_exchange(exchange(2))
    assert second.close() != closed and closed.stat().st_size == size


def test_full_disk_cuts_the_record_out_and_says_so(tmp_path: Path) -> None:
    # In a child process: the file size limit applies to the whole process.
    script = f"""
import os, resource, signal
from archiver.warc.writer import Exchange, WarcDiskFullError, WarcWriter
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (20000, 20000))
w = WarcWriter({str(tmp_path)!r}, prefix="t")
w.write_exchange(Exchange(url="http://e.com/1", body=b"x" * 100))
try:
    w.write_exchange(Exchange(url="http://e.com/2", body=os.urandom(60000)))
except WarcDiskFullError as exc:
    print("FULL", exc.errno, sorted(w.records.items()))
"""
    result = subprocess.run([BIN / "python", "-c", script], capture_output=True, text=True)
    assert result.stdout.startswith("FULL"), result.stderr
    (path,) = tmp_path.glob("*.warc.gz")  # closed, not left .open
    recs = read_records(path)
    assert [r.rec_type for r, _ in recs] == ["warcinfo", "request", "response"]
    # The records cut out are not counted as written.
    assert "[('request', 1), ('response', 1), ('warcinfo', 1)]" in result.stdout


def test_rendered_page_in_one_file_dom_as_conversion_of_its_response(tmp_path: Path) -> None:
    # Two pages of 4 exchanges each, a file limit far below one page: each page stays whole.
    w = WarcWriter(tmp_path, max_size=500)
    written = []
    for n in range(2):
        dom = f"<html><body><h1>Story {n}</h1><p>rendered</p></body></html>".encode()
        others = [exchange(10 * n + k, url=f"http://example.com/api/{n}/{k}.json") for k in (1, 2)]
        page = Rendered(exchange(n), dom, "text/html; charset=utf-8", others)
        written.append((w.write_rendered(page), dom))
    w.close()
    files = sorted(tmp_path.iterdir())
    assert len(files) == 2
    for path, (done, dom) in zip(files, written, strict=True):
        recs = read_records(path)
        kinds = [r.rec_type for r, _ in recs]
        assert (
            kinds == ["warcinfo", "request", "response", "conversion"] + ["request", "response"] * 2
        )
        response, conversion = recs[2][0], recs[3]
        assert conversion[1] == dom
        h = conversion[0].rec_headers
        assert h.get_header("WARC-Refers-To") == response.rec_headers.get_header("WARC-Record-ID")
        assert h.get_header("WARC-Target-URI") == response.rec_headers.get_header("WARC-Target-URI")
        assert h.get_header("Content-Type") == "text/html; charset=utf-8"
        # The item points at the DOM it was read from; its digest is the DOM's, not the shell's.
        assert done.ref.record_id == h.get_header("WARC-Record-ID")
        assert done.ref.filename == path.name
        assert done.payload_digest == h.get_header("WARC-Payload-Digest")
        assert not done.revisit
    check = subprocess.run([BIN / "warcio", "check", *map(str, files)], capture_output=True)
    assert check.returncode == 0, check.stdout
