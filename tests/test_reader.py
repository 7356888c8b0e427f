"""WARC reading: offsets agree with cdxj-indexer, damage is reported by file and offset."""

from __future__ import annotations

import gzip
import subprocess
import zlib
from io import BytesIO
from pathlib import Path

import brotli
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archiver.warc.reader import (
    ArchivedRecord,
    WarcReadError,
    decode_body,
    expand_paths,
    iter_records,
    read_record,
)
from tests.demo_archive import BIN

BODY = b"<html><body><h1>Hello</h1>" + b"<p>archive</p>" * 400 + b"</body></html>"


def _write(path: Path, gz: bool = True) -> None:
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        for n, (coding, payload) in enumerate(
            [(None, BODY), ("gzip", gzip.compress(BODY)), ("br", brotli.compress(BODY))]
        ):
            headers = [("Content-Type", "text/html")]
            if coding:
                headers.append(("Content-Encoding", coding))
            chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(payload), payload)
            if n == 0:  # chunked on the wire, as stored by capture tools
                headers.append(("Transfer-Encoding", "chunked"))
                payload = chunked
            writer.write_record(
                writer.create_warc_record(
                    f"http://example.org/{n}",
                    "response",
                    payload=BytesIO(payload),
                    http_headers=StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1"),
                )
            )


@pytest.mark.parametrize("gz", [True, False], ids=["gzip", "plain"])
def test_offsets_match_cdxj_indexer_and_payloads_read(tmp_path: Path, gz: bool) -> None:
    warc = tmp_path / ("a.warc.gz" if gz else "a.warc")
    _write(warc, gz)
    records = list(iter_records(warc, payloads=True))
    assert [r.rec_type for r in records] == ["warcinfo", "response", "response", "response"]
    index = subprocess.run(
        [BIN / "cdxj-indexer", warc], capture_output=True, text=True, check=True
    ).stdout
    offsets = sorted(int(line.split('"offset": "')[1].split('"')[0]) for line in index.splitlines())
    assert offsets == sorted(r.offset for r in records if r.rec_type == "response")
    for rec in records[1:]:
        again = read_record(warc, rec.offset)
        assert again.record_id == rec.record_id and again.payload == rec.payload
        # Chunking is undone; the content coding is kept for Scrapy (or decode_body) to undo.
        assert decode_body(rec.payload or b"", rec.header("Content-Encoding")) == BODY
    assert records[2].payload != BODY


def test_decode_body_codings() -> None:
    deflate = zlib.compress(BODY)
    assert decode_body(deflate, "deflate") == BODY
    assert decode_body(gzip.compress(brotli.compress(BODY)), "br, gzip") == BODY
    assert decode_body(BODY, None) == BODY
    with pytest.raises(ValueError, match="compress"):
        decode_body(BODY, "compress")


def test_damaged_files_named_with_offset(tmp_path: Path) -> None:
    warc = tmp_path / "a.warc.gz"
    _write(warc)
    offsets = [r.offset for r in iter_records(warc)]
    data = warc.read_bytes()

    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[:-30])  # inside the last record
    seen = []
    with pytest.raises(WarcReadError) as err:
        seen.extend(r.offset for r in iter_records(cut))
    assert seen == offsets[:-1]  # the damaged record is not yielded half
    assert err.value.offset == offsets[-1]
    assert str(err.value).startswith(f"{cut}: offset {offsets[-1]}: ")

    for name, content, message in [
        ("text.warc", b"hello there, not a warc\n", "offset 0: not a WARC or ARC file"),
        ("html.warc.gz", gzip.compress(b"<html></html>"), "offset 0: not a WARC or ARC file"),
        ("empty.warc", b"", "offset 0: not a WARC or ARC file"),
    ]:
        bad = tmp_path / name
        bad.write_bytes(content)
        with pytest.raises(WarcReadError, match=message):
            list(iter_records(bad))
    with pytest.raises(WarcReadError, match="cannot open: No such file"):
        list(iter_records(tmp_path / "missing.warc.gz"))


def test_expand_paths_skips_open_files(tmp_path: Path) -> None:
    for name in ["b.warc.gz", "a.warc", "c.warc.gz.open", "notes.txt"]:
        (tmp_path / name).write_bytes(b"")
    assert [p.name for p in expand_paths([tmp_path])] == ["a.warc", "b.warc.gz"]
    assert expand_paths(["x.warc.gz"]) == [Path("x.warc.gz")]


def test_fetched_at_is_warc_date_in_utc_to_the_second() -> None:
    def at(date: str | None) -> str | None:
        return ArchivedRecord("x.warc.gz", 0, "response", date=date).fetched_at

    assert at("2017-05-31T01:38:00.123456Z") == "2017-05-31T01:38:00+00:00"
    assert at("2017-05-31T01:38:00") == "2017-05-31T01:38:00+00:00"  # UTC without its Z
    assert at("not a date") is None and at(None) is None
